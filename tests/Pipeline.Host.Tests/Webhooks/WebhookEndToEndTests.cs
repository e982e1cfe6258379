using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Web;
using Pipeline.Host.Webhooks;
using Pipeline.Storage;
using static Pipeline.Host.Tests.Infrastructure.DatabaseProbe;

namespace Pipeline.Host.Tests.Webhooks;

/// <summary>The running service receiving Jira webhooks: Kestrel, Hangfire on PostgreSQL, a fake Jira site.</summary>
public sealed class WebhookEndToEndTests
{
    [Fact]
    public async Task A_signed_webhook_reingests_its_issue_while_unsigned_missigned_duplicate_and_oversized_ones_change_nothing()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        const string secret = "hook-secret-for-tests";
        await using var service = await JiraWebhookService.StartAsync(jira, "jira-hooks", secret, "webhooks");
        var (app, address, database) = (service.App, service.Address, service.Database);
        try
        {
            await app.Services.GetRequiredService<JobIngestion>().RunAsync("jira-hooks", "test", null, CancellationToken.None);
            jira.Issue("FIX-1").Summary = "Valve inspection interval shortened";
            jira.Touch("FIX-1");
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var body = Encoding.UTF8.GetBytes("""{"webhookEvent":"jira:issue_updated","issue":{"id":"10001","key":"FIX-1"}}""");

            var unsigned = await PostAsync(http, body, signature: null, delivery: "d-1");
            var missigned = await PostAsync(http, body, WebhookSignature.Sign(Encoding.UTF8.GetBytes("not-the-secret"), body), "d-2");
            var oversized = await PostAsync(http, new byte[2 * 1024 * 1024], WebhookSignature.Sign(Encoding.UTF8.GetBytes(secret), new byte[2 * 1024 * 1024]), "d-3");
            await Task.Delay(1500);
            Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.RequestEntityTooLarge), (unsigned.StatusCode, missigned.StatusCode, oversized.StatusCode));
            Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT count(*) FROM pipeline.runs WHERE kind = 'document'"));
            Assert.Equal("FIX-1: Fixture issue 1", await ScalarAsync<string>(database, "SELECT title FROM pipeline.documents WHERE external_id = 'FIX-1'"));

            var signed = await PostAsync(http, body, WebhookSignature.Sign(Encoding.UTF8.GetBytes(secret), body), "d-4");
            Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
            await WaitForAsync(database, "SELECT count(*) FROM pipeline.runs WHERE kind = 'document' AND status = 'succeeded'", 1);
            Assert.Equal("FIX-1: Valve inspection interval shortened", await ScalarAsync<string>(database, "SELECT title FROM pipeline.documents WHERE external_id = 'FIX-1'"));

            var duplicate = await PostAsync(http, body, WebhookSignature.Sign(Encoding.UTF8.GetBytes(secret), body), "d-4");
            Assert.Equal(HttpStatusCode.Accepted, duplicate.StatusCode);
            Assert.Contains("\"duplicate\":true", await duplicate.Content.ReadAsStringAsync());

            jira.Delete("FIX-2");
            var deleted = Encoding.UTF8.GetBytes("""{"webhookEvent":"jira:issue_deleted","issue":{"id":"10002","key":"FIX-2"}}""");
            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(http, deleted, WebhookSignature.Sign(Encoding.UTF8.GetBytes(secret), deleted), "d-5")).StatusCode);
            await WaitForAsync(database, "SELECT count(*) FROM pipeline.runs WHERE kind = 'document' AND status = 'succeeded'", 2);
            Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT count(*) FROM pipeline.documents WHERE external_id = 'FIX-2'"));
            Assert.Equal(2L, await ScalarAsync<long>(database, "SELECT count(*) FROM pipeline.runs WHERE kind = 'document'"));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_signed_webhook_for_an_issue_outside_the_jobs_scope_never_stores_it_and_removes_an_indexed_issue_that_moved_out()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        var hr = jira.SeedFromFixtures(1, project: "HR")[0];
        const string secret = "scope-secret-for-tests";
        await using var service = await JiraWebhookService.StartAsync(jira, "jira-platform", secret, "webhook_scope");
        var (app, address, database) = (service.App, service.Address, service.Database);
        try
        {
            await app.Services.GetRequiredService<JobIngestion>().RunAsync("jira-platform", "test", null, CancellationToken.None);
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            const string documents = "SELECT string_agg(external_id, ',' ORDER BY external_id) FROM pipeline.documents";
            Assert.Equal("FIX-1,FIX-2", await ScalarAsync<string>(database, documents));

            // A system webhook fires for every project: an HR issue reaches this job's endpoint, signed.
            var created = Encoding.UTF8.GetBytes($$$"""{"webhookEvent":"jira:issue_created","issue":{"id":"{{{hr.Id}}}","key":"HR-1"}}""");
            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(http, created, WebhookSignature.Sign(Encoding.UTF8.GetBytes(secret), created), "s-1")).StatusCode);
            await WaitForAsync(database, "SELECT count(*) FROM pipeline.runs WHERE kind = 'document' AND status = 'succeeded'", 1);
            Assert.Equal("FIX-1,FIX-2", await ScalarAsync<string>(database, documents));

            // FIX-2 moves to HR: the delivery names the new key and, in its changelog, the old one.
            var moved = jira.Issue("FIX-2");
            jira.Move("FIX-2", "HR-2");
            var updated = Encoding.UTF8.GetBytes($$$"""
                {"webhookEvent":"jira:issue_updated","issue":{"id":"{{{moved.Id}}}","key":"HR-2"},
                 "changelog":{"id":"1","items":[{"field":"project","fieldtype":"jira","fromString":"FIX","toString":"HR"},
                                                {"field":"Key","fieldtype":"jira","fromString":"FIX-2","toString":"HR-2"}]}}
                """);
            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(http, updated, WebhookSignature.Sign(Encoding.UTF8.GetBytes(secret), updated), "s-2")).StatusCode);
            await WaitForAsync(database, "SELECT count(*) FROM pipeline.runs WHERE kind = 'document' AND status = 'succeeded'", 3);
            Assert.Equal("FIX-1", await ScalarAsync<string>(database, documents));
            Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT count(*) FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id WHERE d.external_id <> 'FIX-1'"));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, byte[] body, string? signature, string delivery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/jira") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (signature is not null)
        {
            request.Headers.Add(WebhookSignature.Header, signature);
        }
        request.Headers.Add(WebhookReceiver.DeliveryHeader, delivery);
        return await http.SendAsync(request);
    }

    /// <summary>The service over one Jira job (project FIX) whose webhooks are signed with <c>secret</c>.</summary>
    private sealed class JiraWebhookService : IAsyncDisposable
    {
        private readonly TempFolder _jobs;

        private JiraWebhookService(TempFolder jobs, Microsoft.AspNetCore.Builder.WebApplication app, string address, Npgsql.NpgsqlDataSource database) =>
            (_jobs, App, Address, Database) = (jobs, app, address, database);

        public Microsoft.AspNetCore.Builder.WebApplication App { get; }
        public string Address { get; }
        public Npgsql.NpgsqlDataSource Database { get; }

        public static async Task<JiraWebhookService> StartAsync(FakeJira jira, string job, string secret, string databasePrefix)
        {
            var secretVar = $"TEST_JIRA_WEBHOOK_{Guid.NewGuid().ToString("N").ToUpperInvariant()}";
            Environment.SetEnvironmentVariable(secretVar, secret);
            var jobs = new TempFolder();
            File.WriteAllText(jobs.File("jira.json"), $$"""
                { "name": "{{job}}", "schedule": "0 3 * * *",
                  "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"], "webhookSecretEnv": "{{secretVar}}" } }
                """);
            var connectionString = await TestCluster.CreateDatabaseAsync(databasePrefix);
            var settings = new PipelineSettings { ConnectionString = connectionString, DataDirectory = jobs.File(".data"), JobsDirectory = jobs.Path, HomeDirectory = jobs.Path };
            var app = ServiceHost.Build(settings, connectionString, TestServiceArgs.Loopback());
            var address = (await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, CancellationToken.None)).First();
            return new JiraWebhookService(jobs, app, address, PipelineDataSource.Create(connectionString));
        }

        public async ValueTask DisposeAsync()
        {
            await Database.DisposeAsync();
            await App.DisposeAsync();
            _jobs.Dispose();
        }
    }
}
