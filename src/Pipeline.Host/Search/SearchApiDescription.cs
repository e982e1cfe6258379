using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Search;

/// <summary>
/// How <c>GET /api/search</c> appears in <c>/openapi/v1.json</c>. The handler reads its query string itself (so it can
/// answer every mistake with one <see cref="ApiError"/> sentence), hence the parameters are described here, with their
/// limits taken from <see cref="SearchQuery"/>'s constants rather than restated.
/// </summary>
public static class SearchApiDescription
{
    public static RouteHandlerBuilder DescribeSearch(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("Search")
        .WithTags("Search")
        .WithSummary("Search the index: the best chunks for a question, as `pipeline query --json` prints them")
        .WithDescription("Local callers need no key (as the dashboard); others send a key of PIPELINE_API_KEYS as `Authorization: Bearer KEY` " +
            $"or `{ApiKeyMiddleware.KeyHeader}: KEY`. Results hold only documents the caller may read: with `{SearchEndpoint.UserHeader}` " +
            "those of that person, without it public and everyone documents (an admin key without the header: all).")
        .Produces<QueryHit[]>(StatusCodes.Status200OK, "application/json")
        .Produces<ApiError>(StatusCodes.Status400BadRequest, "application/json")
        .Produces<ApiError>(StatusCodes.Status401Unauthorized, "application/json")
        .Produces<ApiError>(StatusCodes.Status403Forbidden, "application/json")
        .Produces<ApiError>(StatusCodes.Status404NotFound, "application/json")
        .Produces<ApiError>(StatusCodes.Status429TooManyRequests, "application/json")
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in Parameters())
                operation.Parameters.Add(parameter);
            Describe(operation, StatusCodes.Status400BadRequest, "A parameter is missing, repeated or out of range, or the user header is not an e-mail address");
            Describe(operation, StatusCodes.Status401Unauthorized, "A remote caller sent no key, or a wrong one");
            Describe(operation, StatusCodes.Status403Forbidden, "A remote caller, and no keys are configured: the API serves local clients only");
            Describe(operation, StatusCodes.Status404NotFound, "`job` names no job in jobs/");
            Describe(operation, StatusCodes.Status429TooManyRequests, "Too many wrong keys from this client in the last minute");
            return Task.CompletedTask;
        });

    private static IEnumerable<OpenApiParameter> Parameters()
    {
        yield return new OpenApiParameter
        {
            Name = "q", In = ParameterLocation.Query, Required = true,
            Description = $"The question, at most {SearchQuery.MaxQuestionLength} characters.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = SearchQuery.MaxQuestionLength },
        };
        yield return new OpenApiParameter
        {
            Name = "k", In = ParameterLocation.Query,
            Description = $"How many hits, from 1 to {SearchQuery.MaxTop} (default {SearchQuery.DefaultTop}).",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Minimum = "1",
                Maximum = SearchQuery.MaxTop.ToString(CultureInfo.InvariantCulture),
                Default = JsonValue.Create(SearchQuery.DefaultTop),
            },
        };
        yield return new OpenApiParameter
        {
            Name = "job", In = ParameterLocation.Query,
            Description = "Only the documents of this job's source (a job name from jobs/); an unknown name answers 404.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
        yield return new OpenApiParameter
        {
            Name = "mode", In = ParameterLocation.Query,
            Description = "Retrieval mode; default PIPELINE_SEARCH_MODE.",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. Enum.GetValues<RetrievalMode>().Select(m => (JsonNode)JsonValue.Create(m.Name()))],
            },
        };
        yield return new OpenApiParameter
        {
            Name = SearchEndpoint.UserHeader, In = ParameterLocation.Header,
            Description = "The person (an e-mail address) a trusted application searches for; the search holds that person's permissions.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "email" },
        };
    }

    private static void Describe(OpenApiOperation operation, int status, string description)
    {
        if (operation.Responses?.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var response) == true && response is OpenApiResponse concrete)
            concrete.Description = description;
    }
}
