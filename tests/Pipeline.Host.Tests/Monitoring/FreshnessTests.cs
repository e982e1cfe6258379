using Pipeline.Core.Drift;

namespace Pipeline.Host.Tests.Monitoring;

/// <summary>Lag, SLA, re-verification and model mix, from timestamps the test sets itself.</summary>
public sealed class FreshnessTests
{
    [Fact]
    public async Task Lag_is_the_median_and_maximum_of_indexing_time_minus_the_files_modification_time()
    {
        await using var job = await MonitoredJob.CreateAsync("lag", ["getting-started.pdf", "architecture.pdf", "operations/jobs-and-retries.pdf", "operations/incident-response.pdf"]);
        var now = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(job.Folder.File("getting-started.pdf"), now.AddHours(-5));
        File.SetLastWriteTimeUtc(job.Folder.File("architecture.pdf"), now.AddHours(-3));
        File.SetLastWriteTimeUtc(job.Folder.File("operations/jobs-and-retries.pdf"), now.AddHours(-2));
        File.SetLastWriteTimeUtc(job.Folder.File("operations/incident-response.pdf"), now.AddHours(-1));

        var run = await job.SyncAsync();

        var figures = (await job.FiguresAsync(run.RunId)).ToDictionary(f => f.Name, f => f.Value);
        var slack = TimeSpan.FromMinutes(5).TotalSeconds;
        // Median of 5, 3, 2, 1 h is 2.5 h; each plus the seconds from the start of the test to the document's indexing.
        Assert.InRange(figures[RunFigureNames.LagMedianSeconds]!.Value, 2.5 * 3600, 2.5 * 3600 + slack);
        Assert.InRange(figures[RunFigureNames.LagMaxSeconds]!.Value, 5 * 3600, 5 * 3600 + slack);
    }

    [Fact]
    public async Task A_nightly_job_whose_last_success_is_older_than_26_hours_misses_its_sla_and_unread_documents_turn_stale()
    {
        await using var job = await MonitoredJob.CreateAsync("sla", ["getting-started.pdf", "architecture.pdf"], new() { ["freshness"] = new { reverifyDays = 3 } });
        await job.SyncAsync();
        var fresh = await job.HealthAsync();

        await job.Harness.ScalarAsync<int>(
            "UPDATE pipeline.runs SET started_at = now() - interval '30 hours', finished_at = now() - interval '30 hours' WHERE job_name = @job RETURNING 1",
            ("job", MonitoredJob.Name));
        await job.Harness.ScalarAsync<int>(
            "UPDATE pipeline.sync_state SET last_full_reconciliation = now() - interval '4 days' WHERE job_name = @job RETURNING 1", ("job", MonitoredJob.Name));
        // Read again since (a webhook, say): only the other document goes unverified.
        await job.Harness.ScalarAsync<int>(
            "UPDATE pipeline.documents SET updated_at = now() - interval '4 days' WHERE external_id = 'architecture.pdf' RETURNING 1");
        var late = await job.HealthAsync();

        Assert.Equal(26, fresh.Freshness.SlaHours);
        Assert.False(fresh.Freshness.SlaBreached);
        Assert.Equal(0, fresh.Freshness.StaleDocuments);
        Assert.True(fresh.Healthy, string.Join("; ", fresh.Problems));
        Assert.True(late.Freshness.SlaBreached);
        Assert.InRange(late.Freshness.AgeHours!.Value, 30, 30.1);
        Assert.Equal(1, late.Freshness.StaleDocuments);
        Assert.False(late.Healthy);
        Assert.Contains(late.Problems, p => p.StartsWith("freshness: last success 30 h ago, SLA 26 h", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_chunk_of_another_model_flags_the_source_as_mixed_model()
    {
        await using var job = await MonitoredJob.CreateAsync("mixed", ["getting-started.pdf"]);
        await job.SyncAsync();
        var single = await job.HealthAsync();

        await job.Harness.ScalarAsync<int>(
            "UPDATE pipeline.chunk_vectors SET model_sha256 = 'another-model' WHERE chunk_id IN (SELECT id FROM pipeline.chunks WHERE ordinal = 0) RETURNING 1");
        var mixed = await job.HealthAsync();

        Assert.False(single.MixedModel);
        Assert.True(mixed.MixedModel);
        Assert.Equal(2, mixed.Models.Count);
        Assert.Equal(1, mixed.Models.Single(m => m.ModelSha256 == "another-model").Chunks);
        Assert.Contains(mixed.Problems, p => p.StartsWith("mixed-model index", StringComparison.Ordinal));
    }
}
