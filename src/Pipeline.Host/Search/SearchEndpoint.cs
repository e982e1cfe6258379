using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Telemetry;
using Pipeline.Host.Jobs;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Search;

/// <summary>
/// <c>GET /api/search?q=…&amp;k=10[&amp;job=…][&amp;mode=hybrid|dense|lexical]</c>: the hits of the one <see cref="Retriever"/>,
/// as <c>query --json</c> prints them, for the RAG applications that read the index. The one way in:
/// <see cref="AddPipelineSearch"/> at composition, <see cref="MapPipelineSearch"/> on the app.
/// </summary>
public static class SearchEndpoint
{
    public const string Prefix = "/api";
    public const string Path = Prefix + "/search";

    /// <summary>Reads and validates <c>PIPELINE_API_KEYS</c> now, so a bad hash stops start-up.</summary>
    public static IServiceCollection AddPipelineSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(ApiKeyOptions.From(configuration));
        return services;
    }

    public static WebApplication MapPipelineSearch(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Prefix), branch => branch.UseMiddleware<ApiKeyMiddleware>());
        app.MapGet(Path, SearchAsync).DescribeSearch();
        return app;
    }

    /// <summary>
    /// The end user a trusted application searches for: the application's key authenticates it, this header names the
    /// person (an e-mail address), whose principals the search then holds. Without it, only public and everyone documents.
    /// </summary>
    public const string UserHeader = "X-Pipeline-User";

    private static async Task<IResult> SearchAsync(HttpContext context, Retriever retriever, JobCatalog catalog, PipelineMetrics metrics, CallerResolver callers, ApiKeyOptions keys, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (query, status, error) = SearchQuery.Parse(context.Request.Query, retriever.Options.Mode, catalog);
        if (query is null)
        {
            metrics.SearchRequest(status);
            return Results.Json(new ApiError(error!), statusCode: status);
        }
        Storage.Access.SearchCaller caller;
        var keyName = context.User.Identity?.Name;
        var user = context.Request.Headers[UserHeader].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(user) && keyName is not null && keys.AdminKeys.Contains(keyName))
        {
            caller = Storage.Access.SearchCaller.Administrator;
        }
        else
        {
            try
            {
                caller = await callers.ResolveAsync(user, null, cancellationToken);
            }
            catch (ArgumentException e)
            {
                metrics.SearchRequest(StatusCodes.Status400BadRequest);
                return Results.Json(new ApiError($"{UserHeader}: {e.Message}"), statusCode: StatusCodes.Status400BadRequest);
            }
        }
        var hits = await retriever.SearchAsync([query.Question], query.Top, model: null, caller, cancellationToken, query.Source, query.Mode);
        var json = QueryHit.ToJson(hits[0].Select(h => QueryHit.From(h, query.Mode)).ToList());
        metrics.SearchAnswered(Stopwatch.GetElapsedTime(started), query.Mode.Name());
        return Results.Text(json, "application/json; charset=utf-8");
    }
}
