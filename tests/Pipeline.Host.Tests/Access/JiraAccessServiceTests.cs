using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Search;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Web;
using Pipeline.Host.Tests.Webhooks;
using Pipeline.Storage;
using static Pipeline.Host.Tests.Infrastructure.DatabaseProbe;

namespace Pipeline.Host.Tests.Access;

/// <summary>
/// The running service (Kestrel, Hangfire and PostgreSQL) over a Jira job against the Kestrel fake: who a search is
/// run for through <c>GET /api/search</c> (a plain key naming its end user, an admin key) and through the CLI
/// (<c>query --as</c>, <c>--principals</c>, <c>--admin</c>), and a security level put on an issue reaching every
/// search through a signed permission-change webhook, without re-embedding.
/// </summary>
// It reads /metrics through the strict parser: a service another test runs meanwhile would add its own gauges.
[Collection(nameof(Metrics.MetricsCollection))]
public sealed class JiraAccessServiceTests
{
    private const string AppKey = "rag-app-key-0123456789abcdef";
    private const string OpsKey = "ops-console-key-0123456789abcdef";
    private const string Secret = "permission-hook-secret";
    private const string Engineering = "5f1c7a52-2b0e-4d5e-9a3c-0c8e1d2f4a10";
    private const string SecurityTeam = "7d3e2c1b-0a9f-4e8d-b7c6-5a4f3e2d1c0b";
    private const string Question = "When does the payroll export send the salary files to the bank?";

    [Fact]
    public async Task A_security_level_hides_an_issue_from_project_members_outside_it_through_the_api_and_the_cli_once_a_permission_webhook_arrives()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(3);
        jira.Issue("FIX-1").Description = FakeJira.Paragraph("The payroll export runs on the last Friday of each month and sends the salary files to the bank.");
        jira.Issue("FIX-2").Description = FakeJira.Paragraph("Boiler valves are inspected every six months by the maintenance crew.");
        jira.Issue("FIX-3").Description = FakeJira.Paragraph("The VPN client must be upgraded before the certificate rotation in March.");
        jira.Issue("FIX-1").Comments.Clear();
        jira.Issue("FIX-2").Comments.Clear();
        jira.Issue("FIX-3").Comments.Clear();
        jira.AddUser("acc-alice", "alice@example.com");
        jira.AddUser("acc-bob", "Bob@Example.com");
        jira.AddGroup("engineering", Engineering, "acc-alice", "acc-bob");
        jira.AddGroup("security-team", SecurityTeam, "acc-alice");
        jira.GrantBrowse("FIX", FakeJiraHolder.Group("engineering", Engineering));
        jira.AddSecurityLevel("FIX", "10100", "Payroll", FakeJiraHolder.Group("security-team", SecurityTeam));

        var secretVar = $"TEST_JIRA_WEBHOOK_{Guid.NewGuid():N}".ToUpperInvariant();
        Environment.SetEnvironmentVariable(secretVar, Secret);
        using var jobs = new TempFolder();
        File.WriteAllText(jobs.File("jira.json"), $$"""
            { "name": "jira-access", "schedule": "0 3 * * *",
              "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"], "webhookSecretEnv": "{{secretVar}}" } }
            """);
        var connectionString = await TestCluster.CreateDatabaseAsync("jira_access_api");
        var settings = new PipelineSettings { ConnectionString = connectionString, DataDirectory = jobs.File(".data"), JobsDirectory = jobs.Path, HomeDirectory = jobs.Path };
        await using var app = ServiceHost.Build(settings, connectionString, TestServiceArgs.Loopback(
            $"--{ApiKeyOptions.KeysKey}=rag-app:{DashboardPasswordHash.Create(AppKey, DashboardPasswordHash.MinimumIterations)},"
            + $"ops:{DashboardPasswordHash.Create(OpsKey, DashboardPasswordHash.MinimumIterations)}",
            $"--{ApiKeyOptions.AdminKeysKey}=ops"));
        await using var database = PipelineDataSource.Create(connectionString);
        var address = (await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, CancellationToken.None)).First();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var first = await app.Services.GetRequiredService<JobIngestion>().RunAsync("jira-access", "test", null, CancellationToken.None);
            Assert.Equal((3, 0), (first.Documents.New, first.Documents.Failed));

            // Project members read all three; a key naming no end user sees no public document (there is none).
            Assert.Equal(["FIX-1", "FIX-2", "FIX-3"], await ApiDocumentsAsync(http, AppKey, "bob@example.com"));
            Assert.Equal(["FIX-1", "FIX-2", "FIX-3"], await ApiDocumentsAsync(http, AppKey, "alice@example.com"));
            Assert.Empty(await ApiDocumentsAsync(http, AppKey, user: null));
            Assert.Empty(await ApiDocumentsAsync(http, AppKey, "mallory@example.com"));
            Assert.Equal(["FIX-1", "FIX-2", "FIX-3"], await ApiDocumentsAsync(http, OpsKey, user: null));

            // The issue goes under the Payroll level; the site calls the permission webhook, signed with the job's secret.
            jira.SetSecurityLevel("FIX-1", "10100");
            var chunksBefore = await ChunkIdsAsync(database);
            var body = Encoding.UTF8.GetBytes("""{"webhookEvent":"issue_security_level_changed"}""");
            using var unsigned = await http.SendAsync(SignedDelivery.Request("/webhooks/jira/permissions", body, secret: null));
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
            using var signed = await http.SendAsync(SignedDelivery.Request("/webhooks/jira/permissions", body, Secret));
            Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
            await WaitForAsync(database, "SELECT count(*) FROM pipeline.runs WHERE kind = 'permissions' AND status = 'succeeded'", 1);
            using (var summary = JsonDocument.Parse(await ScalarAsync<string>(database, "SELECT summary::text FROM pipeline.runs WHERE kind = 'permissions'")))
            {
                Assert.Equal(1, summary.RootElement.GetProperty("documents").GetProperty("changed").GetInt32());
            }
            // The permission run is counted on /metrics by what it did to each document.
            var changed = await MetricAsync(http, "pipeline_documents_processed_total", ("job", "jira-access"), ("outcome", "access_changed"));
            Assert.Equal(1, changed);

            // Bob is a project member outside the level: FIX-1 is gone for him, through the API and the CLI alike.
            Assert.Equal(["FIX-2", "FIX-3"], await ApiDocumentsAsync(http, AppKey, "bob@example.com"));
            Assert.Equal(["FIX-1", "FIX-2", "FIX-3"], await ApiDocumentsAsync(http, AppKey, "alice@example.com"));
            // An admin key naming an end user searches as that user, not as an admin.
            Assert.Equal(["FIX-2", "FIX-3"], await ApiDocumentsAsync(http, OpsKey, "bob@example.com"));
            Assert.Equal(["FIX-1", "FIX-2", "FIX-3"], await ApiDocumentsAsync(http, OpsKey, user: null));
            Assert.Equal(chunksBefore, await ChunkIdsAsync(database));

            var cli = new Dictionary<string, string> { ["PIPELINE_DB"] = connectionString, ["PIPELINE_JOBS_DIR"] = jobs.Path };
            Assert.Equal(["FIX-2", "FIX-3"], await CliDocumentsAsync(cli, "--as", "BOB@example.com"));
            Assert.Equal(["FIX-1", "FIX-2", "FIX-3"], await CliDocumentsAsync(cli, "--as", "alice@example.com"));
            Assert.Equal(["FIX-2", "FIX-3"], await CliDocumentsAsync(cli, "--principals", $"group:{Engineering}"));
            Assert.Equal(["FIX-1", "FIX-2", "FIX-3"], await CliDocumentsAsync(cli, "--principals", $"group:{Engineering},group:{SecurityTeam}"));
            Assert.Equal(["FIX-1", "FIX-2", "FIX-3"], await CliDocumentsAsync(cli, "--admin"));
            Assert.Empty(await CliDocumentsAsync(cli));
            var both = await CliProcess.RunAsync(cli, "query", Question, "--admin", "--as", "bob@example.com");
            Assert.NotEqual(0, both.ExitCode);
            Assert.Contains("--admin", both.Stderr);
        }
        finally
        {
            await app.StopAsync();
            Environment.SetEnvironmentVariable(secretVar, null);
        }
    }

    /// <summary>The distinct documents of a remote client's top 10, in key order.</summary>
    private static async Task<List<string>> ApiDocumentsAsync(HttpClient http, string key, string? user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/search?k=10&q=" + Uri.EscapeDataString(Question));
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (user is not null)
        {
            request.Headers.Add(SearchEndpoint.UserHeader, user);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return Documents(text);
    }

    private static async Task<List<string>> CliDocumentsAsync(Dictionary<string, string> environment, params string[] caller)
    {
        var result = await CliProcess.RunAsync(environment, ["query", Question, "--top", "10", "--json", .. caller]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return Documents(result.Stdout);
    }

    private static List<string> Documents(string json)
    {
        using var hits = JsonDocument.Parse(json);
        return hits.RootElement.EnumerateArray().Select(h => h.GetProperty("document").GetString()!).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A sample of a local /metrics scrape, read again for a few seconds while the exporter catches up.</summary>
    private static async Task<double?> MetricAsync(HttpClient http, string name, params (string Name, string Value)[] labels)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Accept.ParseAdd("text/plain; version=0.0.4");
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var value = Pipeline.Host.Tests.Metrics.PrometheusText.Parse(await response.Content.ReadAsStringAsync()).Find(name, labels);
            if (value is not null || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(500);
        }
    }

    private static async Task<string> ChunkIdsAsync(Npgsql.NpgsqlDataSource database) =>
        await ScalarAsync<string>(database, "SELECT string_agg(id::text, ',' ORDER BY id) FROM pipeline.chunks");
}
