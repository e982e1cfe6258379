using Npgsql;

namespace Pipeline.Storage.Access;

/// <summary>
/// One job's documents that left the index, or left every search, in a window: deleted at the source (a 404) apart
/// from access lost (a 403, or the service account lost the space or project), with the lost ones restored and purged,
/// and how many are hidden right now awaiting their grace period.
/// </summary>
public sealed record DocumentRemovalCounts(string Job, long Deleted, long AccessLost, long AccessRestored, long AccessPurged, long HiddenNow, DateTimeOffset? OldestHiddenSince);

/// <summary>The one read-side query for "deleted vs access lost", which the Quality page and its JSON show.</summary>
public sealed class DocumentRemovals(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Counts from the run summaries of every run (content, document and permission runs alike) that finished in the
    /// window, and the documents hidden now, per job; jobs with nothing to count are left out.
    /// </summary>
    public async Task<IReadOnlyList<DocumentRemovalCounts>> CountAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH counted AS (
                SELECT job_name,
                       sum(coalesce((summary->'documents'->>'deleted')::bigint, 0))         AS deleted,
                       sum(coalesce((summary->'documents'->>'access_lost')::bigint, 0))     AS lost,
                       sum(coalesce((summary->'documents'->>'access_restored')::bigint, 0)) AS restored,
                       sum(coalesce((summary->'documents'->>'access_purged')::bigint, 0))   AS purged
                FROM pipeline.runs
                WHERE finished_at > now() - @window AND summary IS NOT NULL
                GROUP BY job_name),
            sources AS (
                SELECT DISTINCT job_name, source FROM pipeline.runs),
            hidden AS (
                SELECT s.job_name, count(*) AS hidden, min(d.access_lost_at) AS since
                FROM pipeline.documents d JOIN sources s ON s.source = d.source
                WHERE d.access_lost_at IS NOT NULL
                GROUP BY s.job_name)
            SELECT coalesce(c.job_name, h.job_name), coalesce(c.deleted, 0), coalesce(c.lost, 0), coalesce(c.restored, 0),
                   coalesce(c.purged, 0), coalesce(h.hidden, 0), h.since
            FROM counted c FULL JOIN hidden h ON h.job_name = c.job_name
            WHERE coalesce(c.deleted, 0) + coalesce(c.lost, 0) + coalesce(c.restored, 0) + coalesce(c.purged, 0) + coalesce(h.hidden, 0) > 0
            ORDER BY 1
            """);
        command.Parameters.AddWithValue("window", window);
        var rows = new List<DocumentRemovalCounts>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new DocumentRemovalCounts(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }
        return rows;
    }
}
