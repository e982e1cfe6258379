using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pipeline.Host.Scheduling;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage;

namespace Pipeline.Host.Tests.Metrics;

/// <summary>A real sync through the service's Hangfire, then /metrics scraped over HTTP, parsed strictly and compared with the database.</summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsEndpointTests
{
    private const string Job = "metrics-docs";
    private const string Source = "pdf:" + Job;
    private const string ProbeQueue = "metrics-probe";

    [Fact]
    public async Task After_a_sync_the_scraped_figures_equal_the_database()
    {
        using var documents = Corpus.CopyToTemp("rotation-page2-rotate90.pdf", "dpr-paper-two-column.pdf", "empty-zero-bytes.pdf", "malformed-header-and-eof-only.pdf");
        await using var service = await MetricsService.StartAsync("metrics_e2e", jobs => File.WriteAllText(jobs.File("docs.json"), $$"""
            { "name": "{{Job}}", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{documents.Path}}" },
              "canaries": [ { "query": "dense passage retrieval for open-domain question answering", "expect": "dpr-paper-two-column.pdf", "k": 2 } ] }
            """), "--PIPELINE_METRICS_SNAPSHOT_SECONDS=1");
        await using var db = PipelineDataSource.Create(service.ConnectionString);

        service.App.Services.GetRequiredService<IRecurringJobManager>().Trigger(Job);
        var run = await WaitForSucceededRunAsync(db);
        // The run monitor stores the run's figures just after the run is marked succeeded.
        await WaitForAsync(() => Scalar<long>(db, $"SELECT count(*) FROM pipeline.run_figures WHERE run_id = {run}"), n => n > 0);
        // A job in a queue no server of this service takes stays enqueued: the queue depth must show it. Not an IngestJob:
        // its [Queue] attribute would move it to a served queue.
        service.App.Services.GetRequiredService<IBackgroundJobClient>()
            .Create(Hangfire.Common.Job.FromExpression(() => Console.WriteLine("metrics probe")), new EnqueuedState(ProbeQueue));
        await Sql(db, $"""
            INSERT INTO pipeline.dead_letters (job_name, source, external_id, chunk_ordinal, content_hash, error, run_id, payload_ref)
            VALUES ('{Job}', '{Source}', 'rotation-page2-rotate90.pdf', 0, 'hash-0', 'model failed', {run}, 'chunk:{Source}/rotation-page2-rotate90.pdf#0')
            """);
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        var before = DateTimeOffset.UtcNow;
        var scrape = await service.ScrapeParsedAsync("after-sync.txt");
        var after = DateTimeOffset.UtcNow;

        var indexed = await Scalar<long>(db, $"SELECT count(*) FROM pipeline.documents WHERE source = '{Source}' AND status = 'indexed'");
        var quarantined = await Rows(db, $"SELECT failure_reason, count(*) FROM pipeline.documents WHERE source = '{Source}' AND status = 'failed' GROUP BY 1",
            r => (Reason: r.GetString(0), Count: r.GetInt64(1)));
        Assert.True(indexed >= 2, "both real PDFs are indexed");
        Assert.True(quarantined.Sum(q => q.Count) >= 2, "both broken files are quarantined");
        Assert.Equal(indexed, scrape.Value("pipeline_documents_processed_total", ("job", Job), ("source", Source), ("outcome", "new")));
        Assert.Equal(quarantined.Sum(q => q.Count), scrape.Value("pipeline_documents_processed_total", ("job", Job), ("outcome", "failed")));
        foreach (var (reason, count) in quarantined)
        {
            Assert.Equal(count, scrape.Value("pipeline_document_failures_total", ("job", Job), ("reason", reason)));
            Assert.Equal(count, scrape.Value("pipeline_documents_quarantined", ("source", Source), ("reason", reason)));
        }
        Assert.Equal(await Scalar<long>(db, $"SELECT count(*) FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id WHERE d.source = '{Source}'"),
            scrape.Value("pipeline_chunks_written_total", ("job", Job)));
        Assert.Equal(await Scalar<long>(db, $"SELECT (summary->>'embeddings_computed')::bigint FROM pipeline.runs WHERE id = {run}"),
            scrape.Value("pipeline_embeddings_computed_total", ("job", Job)));
        Assert.Equal(1, scrape.Value("pipeline_runs_completed_total", ("job", Job), ("status", "succeeded")));
        // No chunk failed, so the model was called once per indexed document, and once more for the job's canary queries.
        Assert.Equal(indexed + 1, scrape.Value("pipeline_embedding_batch_duration_seconds_count", ("outcome", "ok")));
        Assert.Equal(await Scalar<long>(db, $"SELECT count(*) FROM pipeline.dead_letters WHERE job_name = '{Job}'"),
            scrape.Value("pipeline_dead_letters_outstanding", ("job", Job)));

        var finished = await Scalar<DateTime>(db, $"SELECT finished_at FROM pipeline.runs WHERE id = {run}");
        var age = scrape.Value("pipeline_job_last_success_age_seconds", ("job", Job));
        Assert.InRange(age, (before - finished).TotalSeconds - 0.5, (after - finished).TotalSeconds + 0.5);
        var lags = (await Rows(db, $"""
            SELECT extract(epoch FROM d.indexed_at - d.source_updated_at)::float8 FROM pipeline.documents d JOIN pipeline.runs r ON r.id = d.last_run_id
            WHERE r.id = {run} AND d.indexed_at >= r.started_at AND d.source_updated_at IS NOT NULL
            """, r => r.GetDouble(0))).Order().ToList();
        Assert.Equal(indexed, lags.Count);
        Assert.Equal(Median(lags), scrape.Value("pipeline_job_indexing_lag_median_seconds", ("job", Job)), 3);
        Assert.Equal(lags[^1], scrape.Value("pipeline_job_indexing_lag_max_seconds", ("job", Job)), 3);

        // Drift and canary gauges are the newest run's stored figures; an unmeasured one (no baseline on a first sync) is absent, not 0.
        var figures = await Rows(db, $"SELECT name, value FROM pipeline.run_figures WHERE run_id = {run}",
            r => (Name: r.GetString(0), Value: r.IsDBNull(1) ? (double?)null : r.GetDouble(1)));
        Assert.NotNull(figures.Single(f => f.Name == "canary_recall").Value);
        Assert.NotNull(figures.Single(f => f.Name == "ocr_share").Value);
        foreach (var name in new[] { "centroid_shift", "token_length_psi", "similarity_psi", "ocr_share", "quality_reject_rate" })
        {
            Assert.Equal(figures.Single(f => f.Name == name).Value, scrape.Find("pipeline_drift_" + name, ("job", Job)));
        }
        Assert.Equal(figures.Single(f => f.Name == "canary_recall").Value, scrape.Find("pipeline_canary_recall", ("job", Job)));
        var models = await Scalar<long>(db, $"SELECT count(DISTINCT v.model_sha256) FROM pipeline.chunk_vectors v JOIN pipeline.chunks c ON c.id = v.chunk_id JOIN pipeline.documents d ON d.id = c.document_id WHERE d.source = '{Source}'");
        Assert.Equal(1, models);
        Assert.Equal(models, scrape.Value("pipeline_index_models", ("source", Source)));

        var monitoring = service.App.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        Assert.Equal(1, monitoring.EnqueuedCount(ProbeQueue));
        Assert.Equal(monitoring.EnqueuedCount(ProbeQueue), scrape.Value("pipeline_hangfire_queue_depth", ("queue", ProbeQueue)));
        Assert.Equal(monitoring.EnqueuedCount(ReingestDocumentJob.Queue), scrape.Value("pipeline_hangfire_queue_depth", ("queue", ReingestDocumentJob.Queue)));
        Assert.Equal(monitoring.FailedCount(), scrape.Value("pipeline_hangfire_jobs_failed"));
        Assert.InRange(scrape.Value("pipeline_metrics_snapshot_age_seconds"), 0, 1.5);

        // Cleared state must leave the gauges, not linger at its last value.
        await Sql(db, $"DELETE FROM pipeline.dead_letters; DELETE FROM pipeline.documents WHERE status = 'failed'");
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var cleared = await service.ScrapeParsedAsync("after-clearing.txt");
        Assert.Equal(0, cleared.Find("pipeline_dead_letters_outstanding", ("job", Job)) ?? 0);
        foreach (var (reason, _) in quarantined)
        {
            Assert.Equal(0, cleared.Find("pipeline_documents_quarantined", ("source", Source), ("reason", reason)) ?? 0);
        }
    }

    private static async Task<long> WaitForSucceededRunAsync(NpgsqlDataSource db)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = db.CreateCommand($"SELECT id, status FROM pipeline.runs WHERE job_name = '{Job}' ORDER BY id DESC LIMIT 1");
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync() && reader.GetString(1) != "running")
            {
                Assert.Equal("succeeded", reader.GetString(1));
                return reader.GetInt64(0);
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"job {Job} did not finish within 3 minutes");
    }

    private static async Task WaitForAsync(Func<Task<long>> read, Func<long, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!done(await read()))
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within a minute");
            await Task.Delay(100);
        }
    }

    private static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static async Task Sql(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<T>> Rows<T>(NpgsqlDataSource db, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var command = db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }
        return rows;
    }
}
