using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pipeline.Host.Webhooks;

public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/jira", (HttpContext http, WebhookReceiver receiver) => receiver.ReceiveAsync(http, "jira", WebhookItem.JiraIssue, WebhookItem.JiraFormerKey));
        app.MapPost("/webhooks/confluence", (HttpContext http, WebhookReceiver receiver) => receiver.ReceiveAsync(http, "confluence", WebhookItem.ConfluencePage));
        // Confluence Connect bodies do not name their event, so permission changes get URLs of their own.
        app.MapPost("/webhooks/jira/permissions", (HttpContext http, WebhookReceiver receiver) => receiver.ReceivePermissionChangeAsync(http, "jira"));
        app.MapPost("/webhooks/confluence/permissions", (HttpContext http, WebhookReceiver receiver) => receiver.ReceivePermissionChangeAsync(http, "confluence"));
        return app;
    }
}
