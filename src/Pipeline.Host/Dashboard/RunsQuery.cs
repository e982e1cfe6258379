using System.Text.Json;
using Npgsql;
using Pipeline.Core.Runs;

namespace Pipeline.Host.Dashboard;

/// <summary>Reads runs for the Runs and Sources pages, newest first.</summary>
public sealed class RunsQuery(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, job_name, source, trigger, kind, mode, status, started_at, finished_at, summary::text, error";

    public async Task<(IReadOnlyList<RunRow> Rows, long Total)> PageAsync(int offset, int count, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns}, count(*) OVER () FROM pipeline.runs ORDER BY id DESC OFFSET @offset LIMIT @count");
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("count", count);
        var rows = new List<RunRow>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
            total = reader.GetInt64(11);
        }
        if (rows.Count == 0 && offset > 0)
        {
            // Past the end: the window function saw no rows, so ask for the total directly.
            await reader.DisposeAsync();
            await using var counting = dataSource.CreateCommand("SELECT count(*) FROM pipeline.runs");
            total = (long)(await counting.ExecuteScalarAsync(cancellationToken))!;
        }
        return (rows, total);
    }

    public async Task<RunRow?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM pipeline.runs WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<DocumentFailure>> FailuresAsync(long runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT external_id, reason, message FROM pipeline.run_failures WHERE run_id = @id ORDER BY external_id");
        command.Parameters.AddWithValue("id", runId);
        var failures = new List<DocumentFailure>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            failures.Add(new DocumentFailure(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        return failures;
    }

    /// <summary>Per job: its newest sync run.</summary>
    public async Task<IReadOnlyDictionary<string, RunRow>> LatestSyncsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM (SELECT DISTINCT ON (job_name) * FROM pipeline.runs WHERE kind = 'sync' ORDER BY job_name, id DESC) r");
        var latest = new Dictionary<string, RunRow>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var run = Read(reader);
            latest[run.Job] = run;
        }
        return latest;
    }

    private static RunRow Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
        reader.IsDBNull(9) ? null : JsonSerializer.Deserialize<RunSummary>(reader.GetString(9)),
        reader.IsDBNull(10) ? null : reader.GetString(10));
}
