using System.Diagnostics;
using System.Net;
using System.Text;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Web;
using Pipeline.Host.Webhooks;
using Pipeline.Storage;
using Xunit.Abstractions;
using static Pipeline.Host.Tests.Infrastructure.DatabaseProbe;

namespace Pipeline.Host.Tests.Webhooks;

/// <summary>
/// A storm of signed deliveries (a bulk edit: many deliveries per issue, redeliveries among them) against the running
/// service: duplicates are dropped, pending re-reads coalesce to at most one per issue so the queue stays bounded, and
/// every issue is read again after its last delivery.
/// </summary>
public sealed class WebhookStormTests(ITestOutputHelper output)
{
    private const string Secret = "storm-secret-for-tests";
    private const int Issues = 20;
    private const int Deliveries = 400;

    [Fact]
    public async Task A_storm_of_deliveries_queues_at_most_one_reread_per_issue_and_leaves_every_issue_current()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(Issues);
        var secretVar = $"TEST_STORM_SECRET_{Guid.NewGuid():N}".ToUpperInvariant();
        Environment.SetEnvironmentVariable(secretVar, Secret);
        using var jobs = new TempFolder();
        File.WriteAllText(jobs.File("storm.json"), $$"""
            { "name": "storm", "schedule": "0 3 * * *", "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"], "webhookSecretEnv": "{{secretVar}}" } }
            """);
        var connectionString = await TestCluster.CreateDatabaseAsync("webhook_storm");
        var settings = new PipelineSettings { ConnectionString = connectionString, DataDirectory = jobs.File(".data"), JobsDirectory = jobs.Path, HomeDirectory = jobs.Path };
        await using var app = ServiceHost.Build(settings, connectionString, TestServiceArgs.Loopback());
        await using var database = PipelineDataSource.Create(connectionString);
        var address = (await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, CancellationToken.None)).First();
        try
        {
            await app.Services.GetRequiredService<JobIngestion>().RunAsync("storm", "test", null, CancellationToken.None);
            for (var n = 1; n <= Issues; n++)
            {
                jira.Issue($"FIX-{n}").Summary = $"Bulk edited {n}";
                jira.Touch($"FIX-{n}");
            }
            var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            var peakQueue = 0L;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peakQueue = Math.Max(peakQueue, monitoring.EnqueuedCount(Pipeline.Host.Scheduling.ReingestDocumentJob.Queue));
                    await Task.Delay(20);
                }
            });

            // 70 % new deliveries spread over the issues, 30 % redeliveries of ones already sent.
            var random = new Random(5);
            var plan = new List<(string Delivery, int Issue)>();
            for (var i = 0; plan.Count < Deliveries; i++)
            {
                plan.Add(plan.Count > 10 && random.NextDouble() < 0.3 ? plan[random.Next(plan.Count)] : ($"storm-{i}", 1 + random.Next(Issues)));
            }
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var statuses = new System.Collections.Concurrent.ConcurrentBag<(HttpStatusCode Status, string Body)>();
            var started = Stopwatch.StartNew();
            await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (delivery, token) =>
            {
                var body = Encoding.UTF8.GetBytes($$$"""{"webhookEvent":"jira:issue_updated","issue":{"key":"FIX-{{{delivery.Issue}}}"}}""");
                using var request = SignedDelivery.Request("/webhooks/jira", body, Secret, delivery.Delivery);
                using var response = await http.SendAsync(request, token);
                statuses.Add((response.StatusCode, await response.Content.ReadAsStringAsync(token)));
            });
            var accepted = started.Elapsed;
            // One more edit after the storm: the re-read must see it, whatever was queued or running.
            jira.Issue("FIX-1").Summary = "Edited once more after the storm";
            jira.Touch("FIX-1");
            var last = Encoding.UTF8.GetBytes("""{"webhookEvent":"jira:issue_updated","issue":{"key":"FIX-1"}}""");
            using (var request = SignedDelivery.Request("/webhooks/jira", last, Secret, "storm-last"))
            {
                Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(request)).StatusCode);
            }

            const string current = "SELECT count(*) FROM pipeline.documents WHERE title LIKE 'FIX-%: Bulk edited %' OR title = 'FIX-1: Edited once more after the storm'";
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (DateTime.UtcNow < deadline && (await ScalarAsync<long>(database, current) < Issues
                || await ScalarAsync<long>(database, "SELECT count(*) FROM pipeline.pending_reingestions") > 0
                || monitoring.EnqueuedCount(Pipeline.Host.Scheduling.ReingestDocumentJob.Queue) + monitoring.ProcessingCount() > 0))
            {
                await Task.Delay(200);
            }
            var currentAfter = started.Elapsed;
            await sampling.CancelAsync();
            await sampler;

            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s.Status));
            var duplicates = statuses.Count(s => s.Body.Contains("\"duplicate\":true", StringComparison.Ordinal));
            Assert.Equal(plan.Count - plan.Select(p => p.Delivery).Distinct().Count(), duplicates);
            var queued = statuses.Count(s => s.Body.Contains("hangfire_job", StringComparison.Ordinal));
            Assert.True(queued < plan.Count - duplicates, $"re-reads coalesced: {queued} queued for {plan.Count - duplicates} new deliveries");
            Assert.InRange(peakQueue, 0, Issues);
            Assert.Equal(Issues, await ScalarAsync<long>(database, current));
            Assert.Equal("FIX-1: Edited once more after the storm", await ScalarAsync<string>(database, "SELECT title FROM pipeline.documents WHERE external_id = 'FIX-1'"));
            output.WriteLine($"{plan.Count} deliveries ({duplicates} redeliveries) for {Issues} issues accepted in {accepted.TotalSeconds:0.00} s " +
                $"({plan.Count / accepted.TotalSeconds:0} /s); {queued} re-reads queued; peak queue {peakQueue}; index current after {currentAfter.TotalSeconds:0.00} s");
        }
        finally
        {
            await app.StopAsync();
            Environment.SetEnvironmentVariable(secretVar, null);
        }
    }
}
