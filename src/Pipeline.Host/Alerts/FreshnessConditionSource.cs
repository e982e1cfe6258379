using Pipeline.Host.Jobs;
using Pipeline.Storage.Runs;

namespace Pipeline.Host.Alerts;

/// <summary>
/// Fires when an enabled job's last successful sync (<see cref="LastSuccessfulSyncQuery"/>, as status, health,
/// /metrics and the Sources page read it) is older than its freshness SLA. A job that never succeeded is measured
/// from when the service registered it (else from its first sync); one neither registered nor run is not judged.
/// The SLA is the job's own (<c>freshness.slaHours</c>, else its schedule's longest gap plus 2 h), the one
/// <c>health</c> judges by.
/// </summary>
public sealed class FreshnessConditionSource(LastSuccessfulSyncQuery query, JobCatalog catalog) : IAlertConditionSource
{
    public string Kind => "freshness";

    public async Task<IReadOnlyList<AlertCondition>> FiringAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var jobs = catalog.Jobs.Where(j => j.Enabled).ToDictionary(j => j.Name);
        var firing = new List<AlertCondition>();
        foreach (var sync in await query.ReadAsync(jobs.Keys, cancellationToken))
        {
            var job = sync.Job;
            var sla = TimeSpan.FromHours(jobs[job].Freshness.SlaHoursFor(jobs[job].Schedule, now));
            if (!sync.SlaBreached(sla, now) || sync.Age(now) is not { } age)
            {
                continue;
            }
            var limit = "> " + AlertFigure.Format(sla);
            firing.Add(new AlertCondition(
                $"{Kind}:{job}", Kind, job,
                sync.At is null ? $"{job} no successful sync in {AlertFigure.Format(age)} {limit}" : $"{job} last successful sync {AlertFigure.Format(age)} ago {limit}",
                [
                    new AlertFigure("age of last successful sync", AlertFigure.Format(age), limit),
                    new AlertFigure("last successful sync", sync.At is { } at ? AlertFigure.Format(at) : "never"),
                    new AlertFigure("schedule (cron, UTC)", jobs[job].Schedule),
                ],
                "alert-freshness.md", "/hangfire/pipeline/sources"));
        }
        return firing;
    }
}
