using Npgsql;

namespace Pipeline.Storage.Runs;

/// <summary>
/// Coalesces webhook re-ingestions (<c>pipeline.pending_reingestions</c>): at most one queued re-read per item, however
/// many deliveries name it, so a bulk edit's storm leaves the queue bounded by the number of distinct items.
/// </summary>
public sealed class PendingReingestions(NpgsqlDataSource dataSource)
{
    /// <summary>A claim this old is taken over: its re-read never reached the queue (the process died in between).</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);

    /// <returns>True when the caller must queue the re-read; false when one is already waiting for this item.</returns>
    public async Task<bool> TryClaimAsync(string jobName, string item, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO pipeline.pending_reingestions AS p (job_name, item) VALUES (@job, @item)
            ON CONFLICT (job_name, item) DO UPDATE SET requested_at = now() WHERE p.requested_at < now() - @timeout
            RETURNING item
            """);
        command.Parameters.AddWithValue("job", jobName);
        command.Parameters.AddWithValue("item", item);
        command.Parameters.AddWithValue("timeout", ClaimTimeout);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Called as the re-read starts: a delivery from now on queues another one.</summary>
    public async Task ReleaseAsync(string jobName, string item, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM pipeline.pending_reingestions WHERE job_name = @job AND item = @item");
        command.Parameters.AddWithValue("job", jobName);
        command.Parameters.AddWithValue("item", item);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
