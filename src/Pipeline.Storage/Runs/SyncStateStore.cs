using Npgsql;

namespace Pipeline.Storage.Runs;

/// <summary>
/// The sync_state table. The watermark only moves forward and only past documents that are committed,
/// so a process killed mid-sync resumes from a point where nothing before it is missing.
/// </summary>
public sealed class SyncStateStore(NpgsqlDataSource dataSource)
{
    public async Task<SyncState> GetAsync(string jobName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT watermark, last_full_reconciliation FROM pipeline.sync_state WHERE job_name = @job");
        command.Parameters.AddWithValue("job", jobName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new SyncState(jobName, null, null);
        }
        return new SyncState(jobName,
            reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0),
            reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }

    public async Task AdvanceWatermarkAsync(string jobName, string source, DateTimeOffset watermark, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO pipeline.sync_state (job_name, source, watermark) VALUES (@job, @source, @watermark)
            ON CONFLICT (job_name) DO UPDATE SET
                watermark = GREATEST(pipeline.sync_state.watermark, excluded.watermark), source = excluded.source, updated_at = now()
            """);
        command.Parameters.AddWithValue("job", jobName);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("watermark", watermark.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <param name="startedAt">When the complete listing began: anything changed after it is picked up next time.</param>
    public async Task MarkReconciledAsync(string jobName, string source, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO pipeline.sync_state (job_name, source, last_full_reconciliation) VALUES (@job, @source, @at)
            ON CONFLICT (job_name) DO UPDATE SET last_full_reconciliation = excluded.last_full_reconciliation, source = excluded.source, updated_at = now()
            """);
        command.Parameters.AddWithValue("job", jobName);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("at", startedAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
