using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pipeline.Host.Webhooks;

public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/jira", (HttpContext http, WebhookReceiver receiver) => receiver.ReceiveAsync(http, "jira", WebhookItem.JiraIssue, WebhookItem.JiraFormerKey))
            .DescribeWebhook("JiraWebhook", "A Jira issue was created, updated or deleted: re-ingest it", readsItem: true);
        app.MapPost("/webhooks/confluence", (HttpContext http, WebhookReceiver receiver) => receiver.ReceiveAsync(http, "confluence", WebhookItem.ConfluencePage))
            .DescribeWebhook("ConfluenceWebhook", "A Confluence page was created, updated or removed: re-ingest it", readsItem: true);
        // Confluence Connect bodies do not name their event, so permission changes get URLs of their own.
        app.MapPost("/webhooks/jira/permissions", (HttpContext http, WebhookReceiver receiver) => receiver.ReceivePermissionChangeAsync(http, "jira"))
            .DescribeWebhook("JiraPermissionsWebhook", "Jira permissions changed: refresh the job's access lists", readsItem: false);
        app.MapPost("/webhooks/confluence/permissions", (HttpContext http, WebhookReceiver receiver) => receiver.ReceivePermissionChangeAsync(http, "confluence"))
            .DescribeWebhook("ConfluencePermissionsWebhook", "Confluence permissions changed: refresh the job's access lists", readsItem: false);
        return app;
    }
}
