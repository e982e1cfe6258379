using Npgsql;

namespace Pipeline.Storage.Monitoring;

/// <summary>Per run, each canary's rank (<c>pipeline.canary_results</c>).</summary>
public sealed class CanaryResultStore(NpgsqlDataSource dataSource)
{
    public async Task SaveAsync(long runId, string jobName, IReadOnlyList<CanaryResult> results, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO pipeline.canary_results (run_id, job_name, ordinal, query, expect, k, rank, top_document, caller)
            SELECT @run, @job, r.ordinal - 1, r.query, r.expect, r.k, r.rank, r.top_document, r.caller
            FROM unnest(@queries, @expects, @ks, @ranks, @tops, @callers) WITH ORDINALITY AS r(query, expect, k, rank, top_document, caller, ordinal)
            ON CONFLICT (run_id, ordinal) DO UPDATE SET query = excluded.query, expect = excluded.expect, k = excluded.k, rank = excluded.rank,
                top_document = excluded.top_document, caller = excluded.caller
            """);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("job", jobName);
        command.Parameters.AddWithValue("queries", results.Select(r => r.Query).ToArray());
        command.Parameters.AddWithValue("expects", results.Select(r => r.Expect).ToArray());
        command.Parameters.AddWithValue("ks", results.Select(r => r.K).ToArray());
        command.Parameters.AddWithValue("ranks", results.Select(r => r.Rank).ToArray());
        command.Parameters.AddWithValue("tops", results.Select(r => r.TopDocument).ToArray());
        command.Parameters.AddWithValue("callers", results.Select(r => r.Caller).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CanaryResult>> ForRunAsync(long runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT query, expect, k, rank, top_document, caller FROM pipeline.canary_results WHERE run_id = @run ORDER BY ordinal");
        command.Parameters.AddWithValue("run", runId);
        var results = new List<CanaryResult>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(new CanaryResult(reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5)));
        }
        return results;
    }
}
