using System.Net;
using System.Text.Json;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Search;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Search;

/// <summary>
/// <c>GET /api/search</c> on a real service with two synced jobs: keys (Bearer or X-Api-Key) for remote clients, the
/// dashboard's local rule, limits with a JSON 400, the bytes of <c>query --json</c>, and the job filter.
/// </summary>
public sealed class SearchApiTests(SearchApiTests.Service service) : IClassFixture<SearchApiTests.Service>
{
    private const string Key = "k3y-for-the-rag-app-0123456789abcdef";
    private const string Question = "how a failed sync is retried";

    public sealed class Service : IAsyncLifetime
    {
        private SearchApiService? _service;

        public SearchApiService Api => _service!;

        public async Task InitializeAsync() =>
            _service = await SearchApiService.StartAsync("search_api", sync: true,
                $"--{ApiKeyOptions.KeysKey}=other:{DashboardPasswordHash.Create("another key entirely", DashboardPasswordHash.MinimumIterations)},"
                + $"rag-app:{DashboardPasswordHash.Create(Key, DashboardPasswordHash.MinimumIterations)}");

        public async Task DisposeAsync()
        {
            if (_service is not null)
            {
                await _service.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_remote_request_without_a_key_gets_401_with_a_bearer_challenge_and_a_json_error()
    {
        using var response = await service.Api.GetAsync("/api/search?q=retries", remote: true);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Contains("Authorization: Bearer", await ErrorAsync(response));
    }

    [Fact]
    public async Task A_remote_request_with_a_wrong_key_gets_401()
    {
        using var response = await service.Api.GetAsync("/api/search?q=retries", remote: true, bearer: Key + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("the API key is not valid", await ErrorAsync(response));
    }

    [Fact]
    public async Task A_remote_request_with_a_right_key_gets_hits_by_bearer_or_by_header()
    {
        using var bearer = await service.Api.GetAsync("/api/search?q=retries&k=3", remote: true, bearer: Key);
        using var header = await service.Api.GetAsync("/api/search?q=retries&k=3", remote: true, apiKeyHeader: Key);

        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        Assert.Equal("application/json", bearer.Content.Headers.ContentType?.MediaType);
        using var hits = JsonDocument.Parse(await bearer.Content.ReadAsStringAsync());
        Assert.Equal(3, hits.RootElement.GetArrayLength());
        Assert.Equal(await bearer.Content.ReadAsStringAsync(), await header.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_local_request_needs_no_key_as_on_the_dashboard()
    {
        using var response = await service.Api.GetAsync("/api/search?q=retries");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/search", "'q' is required")]
    [InlineData("/api/search?q=%20%20", "'q' is required")]
    [InlineData("/api/search?q=retries&k=0", "'k' must be a whole number from 1 to 100, got '0'")]
    [InlineData("/api/search?q=retries&k=101", "'k' must be a whole number from 1 to 100, got '101'")]
    [InlineData("/api/search?q=retries&k=ten", "'k' must be a whole number from 1 to 100, got 'ten'")]
    [InlineData("/api/search?q=retries&mode=semantic", "'mode' must be hybrid, dense or lexical, got 'semantic'")]
    [InlineData("/api/search?q=retries&q=sync", "'q' is given 2 times; give it once")]
    public async Task Bad_input_gets_400_with_a_message_naming_the_parameter(string path, string error)
    {
        using var response = await service.Api.GetAsync(path, remote: true, bearer: Key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, await ErrorAsync(response));
    }

    [Fact]
    public async Task A_question_over_the_length_limit_gets_400_and_one_at_the_limit_is_answered()
    {
        var longest = new string('a', SearchQuery.MaxQuestionLength - 8) + " retries";

        using var tooLong = await service.Api.GetAsync("/api/search?q=" + longest + "x", remote: true, bearer: Key);
        using var atLimit = await service.Api.GetAsync("/api/search?q=" + Uri.EscapeDataString(longest), remote: true, bearer: Key);

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal($"'q' is {SearchQuery.MaxQuestionLength + 1} characters; at most {SearchQuery.MaxQuestionLength} are accepted", await ErrorAsync(tooLong));
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
    }

    [Fact]
    public async Task An_unknown_job_gets_404_naming_the_known_ones()
    {
        using var response = await service.Api.GetAsync("/api/search?q=retries&job=nope", remote: true, bearer: Key);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no job named 'nope' (known: manuals, operations)", await ErrorAsync(response));
    }

    [Theory]
    [InlineData("hybrid")]
    [InlineData("lexical")]
    [InlineData("dense")]
    public async Task The_api_returns_the_bytes_of_query_json_for_the_same_question(string mode)
    {
        using var response = await service.Api.GetAsync($"/api/search?q={Uri.EscapeDataString(Question)}&k=7&mode={mode}", remote: true, bearer: Key);
        var cli = await CliProcess.RunAsync(service.Api.CliEnvironment, "query", Question, "--top", "7", "--mode", mode, "--json");

        Assert.True(cli.ExitCode == 0, cli.Stderr);
        var api = await response.Content.ReadAsStringAsync();
        Assert.Equal(cli.Stdout.TrimEnd('\n'), api);
        using var hits = JsonDocument.Parse(api);
        Assert.Equal(7, hits.RootElement.GetArrayLength());
        Assert.All(hits.RootElement.EnumerateArray(), h => Assert.Equal(mode, h.GetProperty("mode").GetString()));
    }

    [Fact]
    public async Task The_job_filter_returns_only_that_jobs_documents()
    {
        var all = await SourcesAsync("/api/search?q=" + Uri.EscapeDataString(Question) + "&k=20");
        var manuals = await SourcesAsync("/api/search?q=" + Uri.EscapeDataString(Question) + "&k=20&job=manuals");
        var operations = await SourcesAsync("/api/search?q=" + Uri.EscapeDataString(Question) + "&k=20&job=operations");

        Assert.Equal(["pdf:manuals", "pdf:operations"], all.Select(h => h.Source).Distinct().Order());
        Assert.Equal(["pdf:manuals"], manuals.Select(h => h.Source).Distinct());
        Assert.Equal(["architecture.pdf", "getting-started.pdf"], manuals.Select(h => h.Document).Distinct().Order());
        Assert.Equal(["pdf:operations"], operations.Select(h => h.Source).Distinct());
        Assert.Equal(["operations/incident-response.pdf", "operations/jobs-and-retries.pdf"], operations.Select(h => h.Document.Replace('\\', '/')).Distinct().Order());
    }

    [Fact]
    public async Task Search_requests_are_counted_by_status_on_the_metrics_endpoint()
    {
        using (await service.Api.GetAsync("/api/search?q=retries&k=2", remote: true, bearer: Key))
        using (await service.Api.GetAsync("/api/search?q=retries&k=0", remote: true, bearer: Key))
        {
        }

        var metrics = await service.Api.Http.GetStringAsync("/metrics");

        Assert.Matches("pipeline_search_requests_total\\{[^}]*status=\"200\"[^}]*\\} [1-9]", metrics);
        Assert.Matches("pipeline_search_requests_total\\{[^}]*status=\"400\"[^}]*\\} [1-9]", metrics);
        Assert.Matches("pipeline_search_duration_seconds_count\\{[^}]*mode=\"hybrid\"[^}]*\\} [1-9]", metrics);
    }

    private async Task<List<(string Source, string Document)>> SourcesAsync(string path)
    {
        using var response = await service.Api.GetAsync(path, remote: true, bearer: Key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var hits = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return hits.RootElement.EnumerateArray().Select(h => (h.GetProperty("source").GetString()!, h.GetProperty("document").GetString()!)).ToList();
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").GetString()!;
    }
}
