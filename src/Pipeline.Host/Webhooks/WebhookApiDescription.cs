using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Pipeline.Host.Search;

namespace Pipeline.Host.Webhooks;

/// <summary>
/// How the webhook endpoints appear in <c>/openapi/v1.json</c>: the signature and delivery headers and the body limit,
/// the one configured for this service (<see cref="WebhookOptions.MaxBodyBytes"/>), read when the document is built.
/// </summary>
public static class WebhookApiDescription
{
    /// <param name="readsItem">Whether the body must name an issue or page (400 otherwise); permission changes only need a signed body.</param>
    public static RouteHandlerBuilder DescribeWebhook(this RouteHandlerBuilder endpoint, string name, string summary, bool readsItem)
    {
        if (readsItem)
            endpoint.Produces<ApiError>(StatusCodes.Status400BadRequest, "application/json");
        return endpoint
        .WithName(name)
        .WithTags("Webhooks")
        .WithSummary(summary)
        .WithDescription($"Authenticated by `{WebhookSignature.Header}: sha256=<hex HMAC-SHA256(secret, raw body)>` with the secret of an enabled job " +
            "of this source (its `webhook_secret_env`), not by API key. Queues a re-ingestion and answers 202 at once; a repeated " +
            $"`{WebhookReceiver.DeliveryHeader}` is answered 202 with `duplicate: true` and queues nothing.")
        .Accepts<JsonElement>("application/json")
        .Produces(StatusCodes.Status202Accepted)
        .Produces(StatusCodes.Status401Unauthorized)
        .Produces(StatusCodes.Status413PayloadTooLarge)
        .AddOpenApiOperationTransformer((operation, context, _) =>
        {
            var maxBodyBytes = context.ApplicationServices.GetRequiredService<WebhookOptions>().MaxBodyBytes;
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = WebhookSignature.Header, In = ParameterLocation.Header, Required = true,
                Description = "sha256=<hex HMAC-SHA256(secret, raw body)>",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^sha256=[0-9a-fA-F]{64}$" },
            });
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = WebhookReceiver.DeliveryHeader, In = ParameterLocation.Header,
                Description = "The delivery's id; a repeated one is acknowledged and not queued again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            if (operation.RequestBody is OpenApiRequestBody body)
            {
                body.Required = true;
                body.Description = $"The event as Jira or Confluence sends it, at most {maxBodyBytes.ToString(CultureInfo.InvariantCulture)} bytes (PIPELINE_WEBHOOK_MAX_BYTES).";
            }
            Describe(operation, StatusCodes.Status202Accepted, "Queued (`hangfire_job`), or a duplicate delivery (`duplicate: true`)");
            Describe(operation, StatusCodes.Status400BadRequest, "The body names no issue or page");
            Describe(operation, StatusCodes.Status401Unauthorized, "No signature, or one that matches no enabled job's secret");
            Describe(operation, StatusCodes.Status413PayloadTooLarge, $"The body is over {maxBodyBytes.ToString(CultureInfo.InvariantCulture)} bytes");
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-max-body-bytes"] = new JsonNodeExtension(maxBodyBytes);
            return Task.CompletedTask;
        });
    }

    private static void Describe(OpenApiOperation operation, int status, string description)
    {
        if (operation.Responses?.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var response) == true && response is OpenApiResponse concrete)
            concrete.Description = description;
    }
}
