using Npgsql;
using Pipeline.Host.Jobs;

namespace Pipeline.Host.Alerts;

/// <summary>
/// Fires when an enabled job's last successful sync is older than its freshness SLA. A job that never succeeded is
/// measured from its first sync; a job that never ran at all is not (it may have just been added). The SLA is the
/// job's own (<c>freshness.slaHours</c>, else its schedule's longest gap plus 2 h), the one <c>health</c> judges by.
/// </summary>
public sealed class FreshnessConditionSource(NpgsqlDataSource dataSource, JobCatalog catalog) : IAlertConditionSource
{
    public string Kind => "freshness";

    public async Task<IReadOnlyList<AlertCondition>> FiringAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var jobs = catalog.Jobs.Where(j => j.Enabled).ToDictionary(j => j.Name);
        await using var command = dataSource.CreateCommand(
            """
            SELECT job_name, max(finished_at) FILTER (WHERE status = 'succeeded'), min(started_at)
            FROM pipeline.runs
            WHERE job_name = ANY(@jobs) AND kind = 'sync'
            GROUP BY job_name
            """);
        command.Parameters.AddWithValue("jobs", jobs.Keys.ToArray());
        var firing = new List<AlertCondition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var job = reader.GetString(0);
            DateTimeOffset? lastSuccess = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1);
            var since = lastSuccess ?? reader.GetFieldValue<DateTimeOffset>(2);
            var age = now - since;
            var sla = TimeSpan.FromHours(jobs[job].Freshness.SlaHoursFor(jobs[job].Schedule, now));
            if (age <= sla)
            {
                continue;
            }
            var limit = "> " + AlertFigure.Format(sla);
            firing.Add(new AlertCondition(
                $"{Kind}:{job}", Kind, job,
                lastSuccess is null ? $"{job} no successful sync in {AlertFigure.Format(age)} {limit}" : $"{job} last successful sync {AlertFigure.Format(age)} ago {limit}",
                [
                    new AlertFigure("age of last successful sync", AlertFigure.Format(age), limit),
                    new AlertFigure("last successful sync", lastSuccess is { } at ? AlertFigure.Format(at) : "never"),
                    new AlertFigure("schedule (cron, UTC)", jobs[job].Schedule),
                ],
                "alert-freshness.md", "/hangfire/pipeline/sources"));
        }
        return firing;
    }
}
