using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Search;
using Pipeline.Host.Web;
using Pipeline.Host.Webhooks;

namespace Pipeline.Host.Tests.Search;

/// <summary><c>/openapi/v1.json</c> from the real service: the search API and the webhooks, with their real limits.</summary>
public sealed class ApiDescriptionTests
{
    [Fact]
    public async Task The_description_covers_search_and_webhooks_with_their_limits_auth_and_responses_and_is_guarded_like_the_api()
    {
        await using var service = await SearchApiService.StartAsync("openapi_doc", sync: false);
        var maxBodyBytes = service.App.Services.GetRequiredService<WebhookOptions>().MaxBodyBytes;

        using var response = await service.GetAsync(ApiDescription.Path);
        using var remote = await service.GetAsync(ApiDescription.Path, remote: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, remote.StatusCode); // no keys configured: local callers only, as /api
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString());
        var paths = root.GetProperty("paths");
        Assert.Equal(
            ["/api/search", "/webhooks/confluence", "/webhooks/confluence/permissions", "/webhooks/jira", "/webhooks/jira/permissions"],
            paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        var search = paths.GetProperty("/api/search").GetProperty("get");
        Assert.Equal("Search", search.GetProperty("operationId").GetString());
        var parameters = search.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.True(parameters["q"].GetProperty("required").GetBoolean());
        Assert.Equal(SearchQuery.MaxQuestionLength, parameters["q"].GetProperty("schema").GetProperty("maxLength").GetInt32());
        var k = parameters["k"].GetProperty("schema");
        Assert.Equal(1, k.GetProperty("minimum").GetInt32());
        Assert.Equal(SearchQuery.MaxTop, k.GetProperty("maximum").GetInt32());
        Assert.Equal(SearchQuery.DefaultTop, k.GetProperty("default").GetInt32());
        Assert.Equal(["dense", "hybrid", "lexical"], parameters["mode"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal("query", parameters["job"].GetProperty("in").GetString());
        Assert.Equal("header", parameters[SearchEndpoint.UserHeader].GetProperty("in").GetString());

        var responses = search.GetProperty("responses");
        Assert.Equal(["200", "400", "401", "403", "404", "429"], responses.EnumerateObject().Select(r => r.Name).Order());
        var hit = Resolve(root, responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("items"));
        Assert.Equal(["chunk", "document", "heading_path", "mode", "pages", "score", "source", "text"],
            hit.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var status in new[] { "400", "401", "403", "404", "429" })
        {
            var error = Resolve(root, responses.GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema"));
            Assert.True(error.GetProperty("properties").TryGetProperty("error", out _), $"{status} is not described as ApiError");
        }

        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal(ApiKeyMiddleware.KeyHeader, schemes.GetProperty("apiKey").GetProperty("name").GetString());
        Assert.Equal("header", schemes.GetProperty("apiKey").GetProperty("in").GetString());
        Assert.Equal(["apiKey", "bearer"], search.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Order());

        foreach (var path in new[] { "/webhooks/jira", "/webhooks/confluence", "/webhooks/jira/permissions", "/webhooks/confluence/permissions" })
        {
            var webhook = paths.GetProperty(path).GetProperty("post");
            Assert.False(webhook.TryGetProperty("security", out _), $"{path} is signed, not keyed");
            var headers = webhook.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
            Assert.True(headers[WebhookSignature.Header].GetProperty("required").GetBoolean());
            Assert.Equal("header", headers[WebhookReceiver.DeliveryHeader].GetProperty("in").GetString());
            Assert.Contains($"at most {maxBodyBytes} bytes", webhook.GetProperty("requestBody").GetProperty("description").GetString());
            Assert.Equal(maxBodyBytes, webhook.GetProperty("x-max-body-bytes").GetInt32());
            var codes = webhook.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order().ToList();
            Assert.Equal(path.EndsWith("/permissions", StringComparison.Ordinal) ? ["202", "401", "413"] : ["202", "400", "401", "413"], codes);
        }
    }

    private static JsonElement Resolve(JsonElement root, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? root.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;
}
