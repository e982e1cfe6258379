using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Alerts;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Monitoring;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Tests.Metrics;
using Pipeline.Storage;
using Pipeline.Storage.Index;

namespace Pipeline.Host.Tests.Monitoring;

/// <summary>
/// The five places that show a job's last successful sync (status, health, /metrics, the Sources page, the freshness
/// alert) read it from the real service over a history the test writes itself, and must agree.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class LastSuccessfulSyncTests
{
    private const string Job = "freshness-docs";

    [Fact]
    public async Task Status_health_metrics_sources_page_and_alert_agree_and_a_later_webhook_run_is_not_a_sync()
    {
        using var folder = new TempFolder();
        await using var service = await MetricsService.StartAsync("last_success", jobs => WriteJob(jobs, folder), "--PIPELINE_METRICS_SNAPSHOT_SECONDS=1");
        await using var db = PipelineDataSource.Create(service.ConnectionString);
        // Whole minutes, so the alert's minute-precision figure can be compared exactly too.
        var fullSync = await Scalar<DateTime>(db, """
            INSERT INTO pipeline.runs (job_name, source, trigger, status, kind, mode, started_at, finished_at)
            VALUES (@job, 'pdf:freshness-docs', 'schedule', 'succeeded', 'sync', 'full',
                    date_trunc('minute', now()) - interval '30 hours 5 minutes', date_trunc('minute', now()) - interval '30 hours')
            RETURNING finished_at
            """);
        await Scalar<int>(db, """
            INSERT INTO pipeline.runs (job_name, source, trigger, status, kind, mode, started_at, finished_at) VALUES
                (@job, 'pdf:freshness-docs', 'webhook', 'succeeded', 'document', 'document', now() - interval '2 hours', now() - interval '2 hours'),
                (@job, 'pdf:freshness-docs', 'schedule', 'failed', 'sync', 'incremental', now() - interval '1 hour', now() - interval '1 hour')
            RETURNING 1
            """);
        var expected = new DateTimeOffset(fullSync, TimeSpan.Zero);
        var services = service.App.Services;
        var now = DateTimeOffset.UtcNow;

        var status = await services.GetRequiredService<IndexStatusQuery>().GetAsync([Job], CancellationToken.None);
        var health = await services.GetRequiredService<JobHealthReport>().GetAsync(Job, CancellationToken.None);
        var scrape = await service.ScrapeParsedAsync("last-success.txt");
        var sources = await services.GetRequiredService<SourcesQuery>().LoadAsync(CancellationToken.None);
        var alerts = await services.GetServices<IAlertConditionSource>().Single(s => s.Kind == "freshness").FiringAsync(now, CancellationToken.None);

        var metricSeconds = scrape.Find("pipeline_job_last_success_timestamp_seconds", ("job", Job));
        var alertFigure = alerts.SingleOrDefault(a => a.Job == Job)?.Figures.Single(f => f.Name == "last successful sync").Value;
        var reported = new Dictionary<string, DateTimeOffset?>
        {
            ["status"] = status.Jobs.Single(j => j.Job == Job).LastSuccessAt,
            ["health"] = health.Freshness.LastSuccessAt,
            ["metrics"] = metricSeconds is { } s ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(s * 1000)) : null,
            ["sources page"] = sources.Single(r => r.Job == Job).LastSuccess,
            ["alert"] = alertFigure is null ? null : DateTimeOffset.ParseExact(alertFigure, "yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        };
        Assert.Equal(Enumerable.Repeat<DateTimeOffset?>(expected, 5), reported.Values);
        Assert.True(health.Freshness.SlaBreached);
        Assert.Equal(1, scrape.Find("pipeline_job_freshness_breached", ("job", Job)));
    }

    [Fact]
    public async Task A_job_that_never_synced_is_published_as_0_and_is_breached_once_its_sla_has_passed_since_it_was_registered()
    {
        using var folder = new TempFolder();
        await using var service = await MetricsService.StartAsync("never_synced", jobs => WriteJob(jobs, folder), "--PIPELINE_METRICS_SNAPSHOT_SECONDS=1");
        await using var db = PipelineDataSource.Create(service.ConnectionString);
        var report = service.App.Services.GetRequiredService<JobHealthReport>();

        var justAdded = await service.ScrapeParsedAsync("never-synced-new.txt");
        var healthJustAdded = await report.GetAsync(Job, CancellationToken.None);

        // Just added: visible, not (yet) late.
        Assert.Equal(0, justAdded.Find("pipeline_job_last_success_timestamp_seconds", ("job", Job)));
        Assert.Equal(0, justAdded.Find("pipeline_job_freshness_breached", ("job", Job)));
        Assert.True(healthJustAdded.Healthy, string.Join("; ", healthJustAdded.Problems));

        // The service registered the job when it loaded jobs/; move that 27 h back, past the nightly job's 26 h SLA.
        await Scalar<int>(db, "UPDATE pipeline.jobs_registered SET registered_at = now() - interval '27 hours' WHERE job_name = @job RETURNING 1");
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var late = await service.ScrapeParsedAsync("never-synced-late.txt");
        var healthLate = await report.GetAsync(Job, CancellationToken.None);

        Assert.Equal(0, late.Find("pipeline_job_last_success_timestamp_seconds", ("job", Job)));
        Assert.Equal(1, late.Find("pipeline_job_freshness_breached", ("job", Job)));
        Assert.True(healthLate.Freshness.SlaBreached);
        Assert.Contains(healthLate.Problems, p => p.StartsWith("freshness: never synced (registered 27 h ago, SLA 26 h)", StringComparison.Ordinal));
    }

    private static void WriteJob(TempFolder jobs, TempFolder folder) => File.WriteAllText(jobs.File(Job + ".json"), $$"""
        { "name": "{{Job}}", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{folder.Path}}" } }
        """);

    private static async Task<T> Scalar<T>(Npgsql.NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.AddWithValue("job", Job);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
