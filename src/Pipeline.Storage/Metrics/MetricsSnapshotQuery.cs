using Npgsql;

namespace Pipeline.Storage.Metrics;

/// <summary>Reads <see cref="MetricsSnapshot"/>: three grouped queries in one batch, each served by an index or a small table.</summary>
public sealed class MetricsSnapshotQuery(NpgsqlDataSource dataSource)
{
    public async Task<MetricsSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT job_name, count(*) FROM pipeline.dead_letters GROUP BY job_name ORDER BY job_name"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            """
            SELECT source, coalesce(failure_reason, 'unknown'), count(*) FROM pipeline.documents
            WHERE status = 'failed' GROUP BY 1, 2 ORDER BY 1, 2
            """));
        // Lag is measured over the documents the latest successful sync (re)indexed itself: documents it only
        // touched (content unchanged) keep an older indexed_at and would report the age of the content instead.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            """
            WITH latest AS (
                SELECT DISTINCT ON (job_name) job_name, id, started_at, finished_at
                FROM pipeline.runs WHERE status = 'succeeded' AND kind = 'sync'
                ORDER BY job_name, finished_at DESC)
            SELECT l.job_name, l.finished_at,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.indexed_at - d.source_updated_at)::float8),
                   max(extract(epoch FROM d.indexed_at - d.source_updated_at))::float8
            FROM latest l
            LEFT JOIN pipeline.documents d
                   ON d.last_run_id = l.id AND d.indexed_at >= l.started_at AND d.source_updated_at IS NOT NULL
            GROUP BY l.job_name, l.finished_at
            ORDER BY l.job_name
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
        var jobs = new List<JobFreshness>();
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(new JobFreshness(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetDouble(3)));
        }
        return new MetricsSnapshot(deadLetters, quarantined, jobs);
    }
}
