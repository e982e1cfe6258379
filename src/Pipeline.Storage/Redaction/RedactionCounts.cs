using Npgsql;

namespace Pipeline.Storage.Redaction;

/// <summary>One job's findings of one detector in a window: how many, in how many documents, how many distinct values.</summary>
public sealed record RedactionCount(string Job, string Detector, string Action, long Findings, long Documents, long DistinctValues, DateTimeOffset LastSeen);

/// <summary>Secret values (one entry per value) a job's newest run found that none of its earlier runs had found: someone pasted a credential.</summary>
public sealed record NewSecrets(string Job, long RunId, DateTimeOffset FoundAt, IReadOnlyList<(string Detector, string Document)> Found);

/// <summary>The read-side queries over <c>pipeline.redaction_findings</c>: the Quality page's counts and the secrets alert.</summary>
public sealed class RedactionCounts(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<RedactionCount>> CountAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT job_name, detector, action, count(*), count(DISTINCT (source, external_id)), count(DISTINCT value_hash), max(created_at)
            FROM pipeline.redaction_findings WHERE created_at > now() - @window
            GROUP BY job_name, detector, action ORDER BY job_name, count(*) DESC, detector, action
            """);
        command.Parameters.AddWithValue("window", window);
        var rows = new List<RedactionCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new RedactionCount(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }
        return rows;
    }

    /// <summary>
    /// Per job, the secrets its newest succeeded sync or re-ingestion found whose hash no earlier run of the job had
    /// found; jobs with none are left out. A secret read again (the same page re-read) does not count twice; a new one
    /// does, however many old ones there are, and the next run clears it.
    /// </summary>
    public async Task<IReadOnlyList<NewSecrets>> NewSecretsAsync(IReadOnlyCollection<string> jobs, IReadOnlyCollection<string> secretDetectors, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH newest AS (
                SELECT DISTINCT ON (job_name) job_name, id AS run_id, coalesce(finished_at, started_at) AS at
                FROM pipeline.runs
                WHERE job_name = ANY(@jobs) AND status = 'succeeded' AND kind IN ('sync', 'document')
                ORDER BY job_name, id DESC)
            SELECT DISTINCT n.job_name, n.run_id, n.at, f.detector, f.external_id, f.value_hash
            FROM newest n JOIN pipeline.redaction_findings f ON f.run_id = n.run_id AND f.detector = ANY(@detectors)
            WHERE NOT EXISTS (SELECT 1 FROM pipeline.redaction_findings e
                              WHERE e.job_name = n.job_name AND e.value_hash = f.value_hash AND e.run_id < n.run_id)
            ORDER BY n.job_name, f.detector, f.external_id, f.value_hash
            """);
        command.Parameters.AddWithValue("jobs", jobs.ToArray());
        command.Parameters.AddWithValue("detectors", secretDetectors.ToArray());
        var rows = new List<(string Job, long Run, DateTimeOffset At, string Detector, string Document)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetString(4)));
        }
        return rows.GroupBy(r => (r.Job, r.Run, r.At))
            .Select(g => new NewSecrets(g.Key.Job, g.Key.Run, g.Key.At, g.Select(r => (r.Detector, r.Document)).ToList()))
            .ToList();
    }
}
