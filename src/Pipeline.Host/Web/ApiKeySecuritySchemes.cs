using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Pipeline.Host.Search;

namespace Pipeline.Host.Web;

/// <summary>
/// The two ways <see cref="ApiKeyMiddleware"/> accepts a key, as security schemes, required (either one) by every
/// operation under <c>/api</c>. Webhooks are left without: they prove themselves by an HMAC signature header instead.
/// </summary>
internal sealed class ApiKeySecuritySchemes : IOpenApiDocumentTransformer
{
    public const string Bearer = "bearer";
    public const string Header = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Ingestion pipeline";
        document.Info.Description = "Search the index and notify the pipeline of changes. Local callers need no key.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A key of PIPELINE_API_KEYS as `Authorization: Bearer KEY` (not needed from this machine).",
        };
        document.Components.SecuritySchemes[Header] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyMiddleware.KeyHeader,
            Description = $"A key of PIPELINE_API_KEYS as `{ApiKeyMiddleware.KeyHeader}: KEY` (not needed from this machine).",
        };
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith(SearchEndpoint.Prefix + "/", StringComparison.Ordinal) || item.Operations is null)
                continue;
            foreach (var operation in item.Operations.Values)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] });
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Header, document)] = [] });
            }
        }
        return Task.CompletedTask;
    }
}
