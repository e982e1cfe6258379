using Npgsql;
using Pipeline.Host.Jobs;

namespace Pipeline.Host.Alerts;

/// <summary>
/// Fires while a job's latest sync or permission sync lost access to more of its documents than
/// <c>access.alertPercent</c> (and at least <c>access.alertMinDocuments</c>): a revoked or re-scoped service account
/// looks exactly like this, and its documents are purged when <c>access.graceDays</c> run out. Clears with the next
/// run that loses no more than that.
/// </summary>
public sealed class AccessLostConditionSource(NpgsqlDataSource dataSource, JobCatalog catalog) : IAlertConditionSource
{
    public string Kind => "access-lost";

    public async Task<IReadOnlyList<AlertCondition>> FiringAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT DISTINCT ON (r.job_name) r.job_name, r.kind,
                   coalesce((r.summary->'documents'->>'access_lost')::int, 0),
                   coalesce((r.summary->'documents'->>'seen')::int, 0),
                   (SELECT count(*) FROM pipeline.documents d WHERE d.source = r.source AND d.access_lost_at IS NOT NULL),
                   coalesce(r.finished_at, r.started_at)
            FROM pipeline.runs r
            WHERE r.job_name = ANY(@jobs) AND r.kind IN ('sync', 'permissions') AND r.status = 'succeeded' AND r.summary IS NOT NULL
            ORDER BY r.job_name, r.started_at DESC, r.id DESC
            """);
        command.Parameters.AddWithValue("jobs", catalog.Jobs.Select(j => j.Name).ToArray());
        var firing = new List<AlertCondition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var job = catalog.Jobs.First(j => j.Name == reader.GetString(0));
            var (lost, seen, hidden) = (reader.GetInt32(2), reader.GetInt32(3), reader.GetInt64(4));
            // A full listing no longer names the lost items; a permission sync checked them all.
            var documents = reader.GetString(1) == "permissions" ? seen : seen + lost;
            if (!job.Access.Alarming(lost, documents))
            {
                continue;
            }
            firing.Add(new AlertCondition(
                $"{Kind}:{job.Name}", Kind, job.Name,
                $"{job.Name} lost access to {lost} of {documents} documents",
                [
                    new AlertFigure("lost in the last run", $"{lost} of {documents} ({lost * 100.0 / Math.Max(documents, 1):0.#} %, threshold {job.Access.AlertPercent:0.#} %)"),
                    new AlertFigure("hidden now", hidden.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new AlertFigure("purged after", $"{job.Access.GraceDays:0.#} days unless access returns"),
                    new AlertFigure("run at", AlertFigure.Format(reader.GetFieldValue<DateTimeOffset>(5))),
                ],
                "service-account-lost-access.md", "/hangfire/pipeline/sources"));
        }
        return firing;
    }
}
