using Npgsql;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;

namespace Pipeline.Host.Alerts;

/// <summary>
/// Fires while a job's latest sync was blocked by its deletion limit: nothing is deleted and the job keeps failing
/// until an operator confirms (<c>--confirm-deletions</c>, the Sources page) or the source is fixed. Its own alert,
/// not just "job failing": it fires on the first blocked run, as retrying cannot clear it.
/// </summary>
public sealed class DeletionBlockedConditionSource(NpgsqlDataSource dataSource, JobCatalog catalog) : IAlertConditionSource
{
    public string Kind => "deletion-blocked";

    public async Task<IReadOnlyList<AlertCondition>> FiringAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT DISTINCT ON (job_name) job_name, status, error, coalesce(finished_at, started_at)
            FROM pipeline.runs
            WHERE job_name = ANY(@jobs) AND kind = 'sync' AND status <> 'running'
            ORDER BY job_name, started_at DESC, id DESC
            """);
        command.Parameters.AddWithValue("jobs", catalog.Jobs.Select(j => j.Name).ToArray());
        var firing = new List<AlertCondition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var job = reader.GetString(0);
            var error = reader.IsDBNull(2) ? "" : reader.GetString(2);
            if (reader.GetString(1) != "failed" || !error.Contains(DeletionBlockedException.Marker, StringComparison.Ordinal))
            {
                continue;
            }
            firing.Add(new AlertCondition(
                $"{Kind}:{job}", Kind, job,
                $"{job} sync blocked: it would delete more documents than its limit",
                [
                    new AlertFigure("blocked since", AlertFigure.Format(reader.GetFieldValue<DateTimeOffset>(3))),
                    new AlertFigure("error", error.Split('\n', 2)[0].Trim()),
                ],
                "alert-deletion-blocked.md", "/hangfire/pipeline/sources"));
        }
        return firing;
    }
}
