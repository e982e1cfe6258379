using Npgsql;
using Pipeline.Storage.Runs;

namespace Pipeline.Storage.Metrics;

/// <summary>
/// Reads <see cref="MetricsSnapshot"/>: six grouped queries in one batch. All but the last are served by an index or
/// a small table; the model count reads every chunk's model hash (as <c>status</c> and <c>health</c> do), which is
/// why the snapshot is cached.
/// </summary>
public sealed class MetricsSnapshotQuery(NpgsqlDataSource dataSource)
{
    /// <param name="jobs">The jobs of jobs/: each gets its last successful sync, also when it never had one.</param>
    public async Task<MetricsSnapshot> ReadAsync(IReadOnlyCollection<string> jobs, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT job_name, count(*) FROM pipeline.dead_letters GROUP BY job_name ORDER BY job_name"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            """
            SELECT source, coalesce(failure_reason, 'unknown'), count(*) FROM pipeline.documents
            WHERE status = 'failed' GROUP BY 1, 2 ORDER BY 1, 2
            """));
        batch.BatchCommands.Add(LastSuccessfulSyncQuery.Command(jobs));
        // Lag is measured over the documents the latest successful sync (re)indexed itself: documents it only
        // touched (content unchanged) keep an older indexed_at and would report the age of the content instead.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"""
            WITH latest AS ({LastSuccessfulSyncQuery.LatestSql})
            SELECT l.job_name,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.indexed_at - d.source_updated_at)::float8),
                   max(extract(epoch FROM d.indexed_at - d.source_updated_at))::float8
            FROM latest l
            JOIN pipeline.documents d
              ON d.last_run_id = l.run_id AND d.indexed_at >= l.started_at AND d.source_updated_at IS NOT NULL
            GROUP BY l.job_name
            """));
        // The newest run with figures per job, as JobHealthQuery picks it; unmeasured figures (null) are not published.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            """
            SELECT f.job_name, f.run_id, f.name, f.value
            FROM (SELECT job_name, max(run_id) AS run_id FROM pipeline.run_figures GROUP BY job_name) l
            JOIN pipeline.run_figures f ON f.job_name = l.job_name AND f.run_id = l.run_id
            WHERE f.value IS NOT NULL
            ORDER BY 1, 3
            """));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            """
            SELECT d.source, count(DISTINCT v.model_sha256)
            FROM pipeline.chunk_vectors v JOIN pipeline.chunks c ON c.id = v.chunk_id JOIN pipeline.documents d ON d.id = c.document_id
            JOIN pipeline.source_models s ON s.source = d.source AND s.model = v.model
            GROUP BY 1 ORDER BY 1
            """));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var deadLetters = new List<DeadLettersOutstanding>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deadLetters.Add(new DeadLettersOutstanding(reader.GetString(0), reader.GetInt64(1)));
        }
        await reader.NextResultAsync(cancellationToken);
        var quarantined = new List<QuarantineCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            quarantined.Add(new QuarantineCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }
        await reader.NextResultAsync(cancellationToken);
        var successes = await LastSuccessfulSyncQuery.ReadAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var lags = new Dictionary<string, (double? Median, double? Max)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            lags[reader.GetString(0)] = (reader.IsDBNull(1) ? null : reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetDouble(2));
        }
        var freshness = successes.Select(s => lags.TryGetValue(s.Job, out var lag) ? new JobFreshness(s, lag.Median, lag.Max) : new JobFreshness(s, null, null)).ToList();
        await reader.NextResultAsync(cancellationToken);
        var figures = new List<JobRunFigure>();
        while (await reader.ReadAsync(cancellationToken))
        {
            figures.Add(new JobRunFigure(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetDouble(3)));
        }
        await reader.NextResultAsync(cancellationToken);
        var models = new List<SourceModels>();
        while (await reader.ReadAsync(cancellationToken))
        {
            models.Add(new SourceModels(reader.GetString(0), reader.GetInt64(1)));
        }
        return new MetricsSnapshot(deadLetters, quarantined, freshness, figures, models);
    }
}
