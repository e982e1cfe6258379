using System.Text.Json.Serialization;
using Npgsql;

namespace Pipeline.Storage.Index;

/// <summary>Indexed documents of one job's source whose chunks were made under another pipeline fingerprint.</summary>
public sealed record ReprocessPending(
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("reprocess_pending")] long Pending);

/// <summary>
/// How many documents each job's next sync will reprocess because its fingerprint changed. A job's sources are the
/// ones its runs recorded; documents from before fingerprints (NULL) count as current, as the sync treats them.
/// </summary>
public sealed class ReprocessPendingQuery(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<ReprocessPending>> GetAsync(IEnumerable<(string Job, string Fingerprint)> jobs, CancellationToken cancellationToken)
    {
        var list = jobs.ToList();
        await using var command = dataSource.CreateCommand(
            """
            SELECT j.job, r.source,
                   count(d.id) FILTER (WHERE d.status = 'indexed' AND d.fingerprint IS NOT NULL AND d.fingerprint <> j.fingerprint)
            FROM unnest(@jobs, @fingerprints) AS j (job, fingerprint)
            JOIN (SELECT DISTINCT job_name, source FROM pipeline.runs) r ON r.job_name = j.job
            LEFT JOIN pipeline.documents d ON d.source = r.source
            GROUP BY 1, 2
            ORDER BY 1, 2
            """);
        command.Parameters.AddWithValue("jobs", list.Select(j => j.Job).ToArray());
        command.Parameters.AddWithValue("fingerprints", list.Select(j => j.Fingerprint).ToArray());
        var result = new List<ReprocessPending>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ReprocessPending(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }
        return result;
    }
}
