using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Scheduling;
using Pipeline.Host.Tests.Alerts;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Web;
using Pipeline.Host.Webhooks;
using Pipeline.Storage;
using Xunit.Abstractions;
using static Pipeline.Host.Tests.Infrastructure.DatabaseProbe;

namespace Pipeline.Host.Tests.Webhooks;

/// <summary>
/// A webhook storm with a service restart in the middle: a load generator sends signed deliveries for many issues at a
/// steady rate (30 % redeliveries), retrying what the stopped service could not take, as Atlassian does; the service is
/// stopped and started again on the same port halfway. Every issue ends current, nothing accepted is lost, and the
/// dashboard and <c>/metrics</c> keep answering; their latency, the accepted rate, the peak queue and the time until
/// the index is current are reported. The size is scaled for CI; <c>PIPELINE_STORM_FULL=1</c> runs the issue's
/// 10,000 deliveries for 500 issues within a minute.
/// </summary>
public sealed class WebhookStormRestartTests(ITestOutputHelper output)
{
    private const string Secret = "storm-restart-secret";

    [Fact]
    public async Task A_storm_across_a_restart_loses_no_delivery_and_leaves_every_issue_current()
    {
        var full = Environment.GetEnvironmentVariable("PIPELINE_STORM_FULL") == "1";
        var (issues, deliveries, seconds) = full ? (500, 10_000, 55.0) : (60, 1_200, 12.0);
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(issues);
        var secretVar = $"TEST_STORM_SECRET_{Guid.NewGuid():N}".ToUpperInvariant();
        Environment.SetEnvironmentVariable(secretVar, Secret);
        using var jobs = new TempFolder();
        File.WriteAllText(jobs.File("storm.json"), $$"""
            { "name": "storm", "schedule": "0 3 * * *", "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"], "webhookSecretEnv": "{{secretVar}}" } }
            """);
        var connectionString = await TestCluster.CreateDatabaseAsync("webhook_storm_restart");
        var settings = new PipelineSettings { ConnectionString = connectionString, DataDirectory = jobs.File(".data"), JobsDirectory = jobs.Path, HomeDirectory = jobs.Path };
        var port = SmtpTestServer.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        await using var database = PipelineDataSource.Create(connectionString);
        var app = await StartAsync(settings, connectionString, port);
        try
        {
            await app.Services.GetRequiredService<JobIngestion>().RunAsync("storm", "test", null, CancellationToken.None);
            for (var n = 1; n <= issues; n++)
            {
                jira.Issue($"FIX-{n}").Summary = $"Bulk edited {n}";
                jira.Touch($"FIX-{n}");
            }

            var random = new Random(11);
            var plan = new List<(string Delivery, int Issue)>();
            for (var i = 0; plan.Count < deliveries; i++)
            {
                plan.Add(plan.Count > 10 && random.NextDouble() < 0.3 ? plan[random.Next(plan.Count)] : ($"storm-{i}", 1 + random.Next(issues)));
            }
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            var accepted = new ConcurrentBag<string>();
            var retries = 0;
            var peakQueue = 0L;
            var probes = new ConcurrentBag<(string Path, double Ms, bool Ok)>();
            using var stop = new CancellationTokenSource();
            // The dashboard and /metrics, asked every 250 ms throughout; unanswered while the service restarts is counted.
            var prober = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    foreach (var path in new[] { "/hangfire/pipeline/sources", "/metrics" })
                    {
                        var asked = Stopwatch.GetTimestamp();
                        try
                        {
                            using var response = await http.GetAsync(path);
                            probes.Add((path, Stopwatch.GetElapsedTime(asked).TotalMilliseconds, response.IsSuccessStatusCode));
                        }
                        catch (HttpRequestException)
                        {
                            probes.Add((path, Stopwatch.GetElapsedTime(asked).TotalMilliseconds, false));
                        }
                    }
                    // Queued re-reads, read from Hangfire's own table: the queue must stay bounded by the issues.
                    var queued = await ScalarAsync<long>(database, "SELECT count(*) FROM hangfire.jobqueue WHERE queue = 'webhooks' AND fetchedat IS NULL");
                    peakQueue = Math.Max(peakQueue, queued);
                    await Task.Delay(250);
                }
            });

            var started = Stopwatch.StartNew();
            var interval = seconds / deliveries;
            var restartAt = deliveries / 2;
            var sent = 0;
            var restart = Task.CompletedTask;
            await Parallel.ForEachAsync(plan.Select((p, i) => (p.Delivery, p.Issue, Index: i)), new ParallelOptions { MaxDegreeOfParallelism = 24 }, async (delivery, token) =>
            {
                // A steady rate: delivery i leaves at i * interval seconds.
                var due = TimeSpan.FromSeconds(delivery.Index * interval) - started.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, token);
                }
                if (Interlocked.Increment(ref sent) == restartAt)
                {
                    restart = Task.Run(async () =>
                    {
                        await app.StopAsync();
                        await app.DisposeAsync();
                        app = await StartAsync(settings, connectionString, port);
                    });
                }
                var body = Encoding.UTF8.GetBytes($$$"""{"webhookEvent":"jira:issue_updated","issue":{"key":"FIX-{{{delivery.Issue}}}"}}""");
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        using var request = SignedDelivery.Request("/webhooks/jira", body, Secret, delivery.Delivery);
                        using var response = await http.SendAsync(request, token);
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            accepted.Add(delivery.Delivery);
                            return;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // The service is restarting: Atlassian retries a failed delivery, so does this generator.
                    }
                    Interlocked.Increment(ref retries);
                    Assert.True(attempt < 200, "a delivery was refused for too long");
                    await Task.Delay(100, token);
                }
            });
            var sentIn = started.Elapsed;
            await restart;

            const string current = "SELECT count(*) FROM pipeline.documents WHERE title LIKE 'FIX-%: Bulk edited %'";
            var deadline = DateTime.UtcNow.AddMinutes(full ? 10 : 4);
            while (DateTime.UtcNow < deadline)
            {
                var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
                var queue = monitoring.EnqueuedCount(ReingestDocumentJob.Queue);
                peakQueue = Math.Max(peakQueue, queue);
                if (await ScalarAsync<long>(database, current) == issues
                    && await ScalarAsync<long>(database, "SELECT count(*) FROM pipeline.pending_reingestions") == 0 && queue + monitoring.ProcessingCount() == 0)
                {
                    break;
                }
                await Task.Delay(200);
            }
            var currentAfter = started.Elapsed;
            await stop.CancelAsync();
            await prober;

            Assert.Equal(plan.Count, accepted.Count);
            Assert.Equal(issues, await ScalarAsync<long>(database, current));
            Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT count(*) FROM pipeline.pending_reingestions"));
            Assert.InRange(peakQueue, 0, issues);
            Assert.True(probes.Count(p => p.Ok) > 10, "the dashboard and /metrics answered throughout");
            string Latency(string path)
            {
                var answered = probes.Where(p => p.Path == path && p.Ok).Select(p => p.Ms).Order().ToList();
                var p95 = answered.Count == 0 ? 0 : answered[Math.Min(answered.Count - 1, (int)Math.Ceiling(0.95 * answered.Count) - 1)];
                return $"{path} p95 {p95:0} ms over {answered.Count} answers ({probes.Count(p => p.Path == path && !p.Ok)} unanswered during the restart)";
            }
            output.WriteLine($"{plan.Count} deliveries ({plan.Count - plan.Select(p => p.Delivery).Distinct().Count()} redeliveries) for {issues} issues sent in " +
                $"{sentIn.TotalSeconds:0.0} s = {plan.Count / sentIn.TotalSeconds:0} accepted/s, across one restart ({retries} retries while it restarted); " +
                $"peak queue {peakQueue}; index current {currentAfter.TotalSeconds:0.0} s after the first delivery");
            output.WriteLine(Latency("/hangfire/pipeline/sources"));
            output.WriteLine(Latency("/metrics"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Environment.SetEnvironmentVariable(secretVar, null);
        }
    }

    private static async Task<WebApplication> StartAsync(PipelineSettings settings, string connectionString, int port)
    {
        var app = ServiceHost.Build(settings, connectionString, ["--urls", $"http://127.0.0.1:{port}", "--Logging:LogLevel:Default=Warning"]);
        await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, CancellationToken.None);
        return app;
    }
}
