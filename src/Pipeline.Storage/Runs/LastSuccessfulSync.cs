namespace Pipeline.Storage.Runs;

/// <summary>
/// A job's last successful sync as <see cref="LastSuccessfulSyncQuery"/> reads it, with what freshness is measured
/// from when there was none. status, health, /metrics, the Sources page and the freshness alert all judge by this.
/// </summary>
/// <param name="RunId">The run of the last successful sync; null when the job never synced successfully.</param>
/// <param name="StartedAt">When that run started (lag is measured over the documents it indexed after this).</param>
/// <param name="At">When that run finished: the job's "last successful sync".</param>
/// <param name="RegisteredAt">When the service first loaded the job's file (<c>pipeline.jobs_registered</c>).</param>
/// <param name="FirstSyncAt">When the job's first sync run started, successful or not.</param>
public sealed record LastSuccessfulSync(
    string Job,
    long? RunId,
    DateTimeOffset? StartedAt,
    DateTimeOffset? At,
    DateTimeOffset? RegisteredAt,
    DateTimeOffset? FirstSyncAt)
{
    /// <summary>
    /// The last success; for a job that never succeeded, when it was registered (or, for one the service never
    /// loaded, its first sync); null for a job neither registered nor ever run, which is not judged yet.
    /// </summary>
    public DateTimeOffset? MeasuredFrom => At ?? RegisteredAt ?? FirstSyncAt;

    public TimeSpan? Age(DateTimeOffset now) => MeasuredFrom is { } from ? now - from : null;

    public bool SlaBreached(TimeSpan sla, DateTimeOffset now) => Age(now) > sla;
}
