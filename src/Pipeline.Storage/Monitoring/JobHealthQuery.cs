using System.Text.Json;
using Npgsql;
using Pipeline.Core.Runs;
using Pipeline.Storage.Index;
using Pipeline.Storage.Runs;

namespace Pipeline.Storage.Monitoring;

/// <summary>
/// The one read side of monitoring: per job, freshness, last run, the newest drift figures with their thresholds,
/// canary recall and whether its source mixes models. The CLI health command, dashboard pages, /metrics and
/// alert e-mails all read this.
/// </summary>
public sealed class JobHealthQuery(NpgsqlDataSource dataSource, LastSuccessfulSyncQuery lastSuccess, RunFigureStore figures, CanaryResultStore canaries, StaleDocuments staleDocuments)
{
    public async Task<IReadOnlyList<JobHealth>> GetAsync(IEnumerable<JobHealthSpec> jobs, CancellationToken cancellationToken)
    {
        var result = new List<JobHealth>();
        foreach (var job in jobs)
        {
            result.Add(await GetAsync(job, cancellationToken));
        }
        return result;
    }

    public async Task<JobHealth> GetAsync(JobHealthSpec job, CancellationToken cancellationToken)
    {
        var lastRun = await LastRunAsync(job.Job, cancellationToken);
        var freshness = await FreshnessAsync(job, lastRun?.Source, cancellationToken);
        var figuresRun = await NewestRunWithAsync("pipeline.run_figures", job.Job, cancellationToken);
        var canaryRun = await NewestRunWithAsync("pipeline.canary_results", job.Job, cancellationToken);
        Canaries? canaryResults = null;
        if (canaryRun is { } canaryRunId)
        {
            var results = await canaries.ForRunAsync(canaryRunId, cancellationToken);
            canaryResults = new Canaries(canaryRunId, results.Count == 0 ? 1 : (double)results.Count(r => r.Hit) / results.Count, results);
        }
        return new JobHealth(
            job.Job,
            lastRun?.Source,
            freshness,
            lastRun?.Run,
            figuresRun,
            figuresRun is { } runId ? await figures.ForRunAsync(runId, cancellationToken) : [],
            canaryResults,
            lastRun?.Source is { } source ? await ModelsAsync(source, cancellationToken) : [])
        {
            Stale = lastRun?.Source is { } staleSource ? await staleDocuments.ListAsync(staleSource, 100, cancellationToken) : [],
        };
    }

    private async Task<(string Source, LastRun Run)?> LastRunAsync(string job, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, source, status, started_at, finished_at, error, summary::text FROM pipeline.runs
            WHERE job_name = @job AND kind = 'sync' ORDER BY started_at DESC, id DESC LIMIT 1
            """);
        command.Parameters.AddWithValue("job", job);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var summary = reader.IsDBNull(6) ? null : JsonSerializer.Deserialize<RunSummary>(reader.GetString(6));
        return (reader.GetString(1), new LastRun(reader.GetInt64(0), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetString(5), summary));
    }

    /// <summary>
    /// A document counts as verified when a run last read it (<c>updated_at</c>: re-ingested, touched or quarantined)
    /// or when a full listing of its source succeeded (<c>sync_state.last_full_reconciliation</c>: every document
    /// still indexed after it was listed by it, the rest were deleted), so no per-document write is needed for the
    /// unchanged ones.
    /// </summary>
    private async Task<Freshness> FreshnessAsync(JobHealthSpec job, string? source, CancellationToken cancellationToken)
    {
        var success = (await lastSuccess.ReadAsync([job.Job], cancellationToken)).Single();
        await using var command = dataSource.CreateCommand(
            """
            WITH verified AS (SELECT max(last_full_reconciliation) AS at FROM pipeline.sync_state WHERE job_name = @job)
            SELECT verified.at,
                   (SELECT count(*) FROM pipeline.documents d
                    WHERE d.source = @source
                      AND greatest(d.updated_at, verified.at) < now() - make_interval(secs => @reverify_days * 86400))
            FROM verified
            """);
        command.Parameters.AddWithValue("job", job.Job);
        command.Parameters.AddWithValue("source", (object?)source ?? DBNull.Value);
        command.Parameters.AddWithValue("reverify_days", job.ReverifyDays);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        DateTimeOffset? verified = reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0);
        return new Freshness(success.At, success.Age(job.Now)?.TotalHours, job.SlaHours,
            success.SlaBreached(TimeSpan.FromHours(job.SlaHours), job.Now), success.RegisteredAt, verified, job.ReverifyDays, reader.GetInt64(1));
    }

    private async Task<long?> NewestRunWithAsync(string table, string job, CancellationToken cancellationToken)
    {
        // The table name is one of two constants of this class, never input.
        await using var command = dataSource.CreateCommand($"SELECT max(run_id) FROM {table} WHERE job_name = @job");
        command.Parameters.AddWithValue("job", job);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is long id ? id : null;
    }

    /// <summary>Vectors per model and graph in the source, the active model first.</summary>
    public async Task<IReadOnlyList<ModelCount>> ModelsAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT v.model, v.model_sha256, count(*), coalesce(v.model = s.model, false)
            FROM pipeline.chunk_vectors v JOIN pipeline.chunks c ON c.id = v.chunk_id JOIN pipeline.documents d ON d.id = c.document_id
            LEFT JOIN pipeline.source_models s ON s.source = d.source
            WHERE d.source = @source GROUP BY 1, 2, 4 ORDER BY 4 DESC, 3 DESC, 2
            """);
        command.Parameters.AddWithValue("source", source);
        var models = new List<ModelCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            models.Add(new ModelCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetBoolean(3)));
        }
        return models;
    }
}
