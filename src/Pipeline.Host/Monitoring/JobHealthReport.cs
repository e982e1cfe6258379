using Pipeline.Host.Jobs;
using Pipeline.Storage.Monitoring;

namespace Pipeline.Host.Monitoring;

/// <summary>
/// The health of every job in <c>jobs/</c>, judged against each job's own freshness settings: the entry point
/// for the health command, dashboard pages, /metrics and alerts.
/// </summary>
public sealed class JobHealthReport(JobCatalog catalog, JobHealthQuery query, TimeProvider clock)
{
    public Task<IReadOnlyList<JobHealth>> GetAsync(CancellationToken cancellationToken) =>
        query.GetAsync(catalog.Jobs.Select(Spec), cancellationToken);

    public Task<JobHealth> GetAsync(string jobName, CancellationToken cancellationToken) =>
        query.GetAsync(Spec(catalog.Get(jobName)), cancellationToken);

    public JobHealthSpec Spec(JobDefinition job)
    {
        var now = clock.GetUtcNow();
        return new(job.Name, job.Freshness.SlaHoursFor(job.Schedule, now), job.Freshness.ReverifyDays, now);
    }
}
