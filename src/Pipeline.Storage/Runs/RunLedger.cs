using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Pipeline.Core.Runs;

namespace Pipeline.Storage.Runs;

/// <summary>The runs table: one row per ingestion run, its summary and the documents that failed in it.</summary>
public sealed class RunLedger(NpgsqlDataSource dataSource)
{
    /// <param name="kind"><c>sync</c> for a whole source, <c>document</c> for one re-ingested item.</param>
    /// <param name="mode"><c>full</c>, <c>incremental</c> or <c>document</c>.</param>
    public async Task<long> StartAsync(string jobName, string source, string trigger, string kind, string mode, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO pipeline.runs (job_name, source, trigger, status, kind, mode) VALUES (@job, @source, @trigger, 'running', @kind, @mode) RETURNING id");
        command.Parameters.AddWithValue("job", jobName);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("trigger", trigger);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("mode", mode);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task SucceedAsync(RunSummary summary, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand(
            "UPDATE pipeline.runs SET status = 'succeeded', finished_at = now(), summary = @summary WHERE id = @id", connection, transaction))
        {
            update.Parameters.AddWithValue("id", summary.RunId);
            update.Parameters.Add(new NpgsqlParameter("summary", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(summary) });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var failure in summary.Failures)
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO pipeline.run_failures (run_id, external_id, reason, message) VALUES (@run, @doc, @reason, @message)
                ON CONFLICT (run_id, external_id) DO UPDATE SET reason = excluded.reason, message = excluded.message
                """, connection, transaction);
            insert.Parameters.AddWithValue("run", summary.RunId);
            insert.Parameters.AddWithValue("doc", failure.Document);
            insert.Parameters.AddWithValue("reason", failure.Reason);
            insert.Parameters.AddWithValue("message", failure.Message);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task FailAsync(long runId, string error, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE pipeline.runs SET status = 'failed', finished_at = now(), error = @error WHERE id = @id");
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("error", error);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Sync runs left 'running' by a process that died. Only the holder of the source's lock calls this, which
    /// proves no live process owns them; single-document runs are left alone unless they are an hour old.
    /// </summary>
    public async Task<int> AbandonRunningAsync(string jobName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE pipeline.runs SET status = 'failed', finished_at = now(), error = 'abandoned: the process running it stopped'
            WHERE job_name = @job AND status = 'running' AND (kind = 'sync' OR started_at < now() - interval '1 hour')
            """);
        command.Parameters.AddWithValue("job", jobName);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> HasRunsAsync(string jobName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM pipeline.runs WHERE job_name = @job)");
        command.Parameters.AddWithValue("job", jobName);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
