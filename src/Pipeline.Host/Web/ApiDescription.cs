using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Search;

namespace Pipeline.Host.Web;

/// <summary>
/// <c>GET /openapi/v1.json</c>: an OpenAPI 3 description of the search API and the webhooks, built from the endpoints'
/// own metadata. Guarded like <c>/api</c> (local callers free, remote ones with an API key): an application that may
/// search may read how to, while an anonymous scanner learns nothing about the service.
/// </summary>
public static class ApiDescription
{
    public const string DocumentName = "v1";
    public const string Prefix = "/openapi";
    public const string Path = Prefix + "/" + DocumentName + ".json";

    public static IServiceCollection AddPipelineApiDescription(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            // Only what clients call: the dashboard, metrics and health probes have their own, non-API contracts.
            options.ShouldInclude = description => description.RelativePath is { } path
                && (path.StartsWith("api/", StringComparison.Ordinal) || path.StartsWith("webhooks/", StringComparison.Ordinal));
            options.AddDocumentTransformer<ApiKeySecuritySchemes>();
        });

    public static WebApplication MapPipelineApiDescription(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Prefix), branch => branch.UseMiddleware<ApiKeyMiddleware>());
        app.MapOpenApi(Prefix + "/{documentName}.json");
        return app;
    }
}
