using Npgsql;

namespace Pipeline.Storage.Runs;

/// <summary>
/// The one definition of a job's "last successful sync": the newest finished run of kind <c>sync</c> (full or
/// incremental) with status <c>succeeded</c>. A webhook or "sync this item" run (kind <c>document</c>) re-reads one
/// item and says nothing about the rest of the source, so it never counts.
/// </summary>
public sealed class LastSuccessfulSyncQuery(NpgsqlDataSource dataSource)
{
    /// <summary>Per job: the run id, start and finish of its last successful sync (for queries that build on it).</summary>
    public const string LatestSql =
        """
        SELECT DISTINCT ON (job_name) job_name, id AS run_id, started_at, finished_at
        FROM pipeline.runs WHERE kind = 'sync' AND status = 'succeeded'
        ORDER BY job_name, finished_at DESC, id DESC
        """;

    private const string Sql =
        $"""
        WITH latest AS ({LatestSql}),
        first_sync AS (SELECT job_name, min(started_at) AS at FROM pipeline.runs WHERE kind = 'sync' AND job_name = ANY(@jobs) GROUP BY job_name)
        SELECT j.name, l.run_id, l.started_at, l.finished_at, r.registered_at, f.at
        FROM unnest(@jobs) AS j(name)
        LEFT JOIN latest l ON l.job_name = j.name
        LEFT JOIN pipeline.jobs_registered r ON r.job_name = j.name
        LEFT JOIN first_sync f ON f.job_name = j.name
        ORDER BY j.name
        """;

    /// <returns>One entry per job asked for, in name order; jobs without runs or registration included.</returns>
    public async Task<IReadOnlyList<LastSuccessfulSync>> ReadAsync(IEnumerable<string> jobs, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(jobs));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await ReadAsync(reader, cancellationToken);
    }

    /// <summary>The query as one command of a caller's batch; read its result with <see cref="ReadAsync(NpgsqlDataReader, CancellationToken)"/>.</summary>
    public static NpgsqlBatchCommand Command(IEnumerable<string> jobs)
    {
        var command = new NpgsqlBatchCommand(Sql);
        command.Parameters.AddWithValue("jobs", jobs.Distinct(StringComparer.Ordinal).ToArray());
        return command;
    }

    public static async Task<IReadOnlyList<LastSuccessfulSync>> ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var result = new List<LastSuccessfulSync>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new LastSuccessfulSync(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                Time(reader, 2), Time(reader, 3), Time(reader, 4), Time(reader, 5)));
        }
        return result;
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
