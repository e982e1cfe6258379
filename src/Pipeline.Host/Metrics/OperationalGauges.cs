using System.Diagnostics.Metrics;
using Pipeline.Core.Telemetry;
using Pipeline.Host.Jobs;
using Pipeline.Storage.Metrics;

namespace Pipeline.Host.Metrics;

/// <summary>
/// The state gauges of /metrics, on the product's meter, all read from one <see cref="OperationalSnapshotCache"/>.
/// Ages are computed when observed, so they keep rising between snapshot refreshes.
/// </summary>
public sealed class OperationalGauges
{
    public OperationalGauges(PipelineMetrics metrics, OperationalSnapshotCache cache, JobCatalog catalog, TimeProvider time)
    {
        var meter = metrics.Meter;
        meter.CreateObservableGauge("pipeline.dead_letters.outstanding", () => Each(cache, s => s.Index.DeadLetters,
                d => new Measurement<long>(d.Chunks, Tag("job", d.Job))),
            "{chunk}", "Dead-lettered chunks waiting for a replay, by job.");
        meter.CreateObservableGauge("pipeline.documents.quarantined", () => Each(cache, s => s.Index.Quarantined,
                q => new Measurement<long>(q.Documents, Tag("source", q.Source), Tag("reason", q.Reason))),
            "{document}", "Documents in quarantine (status failed), by source and reason.");
        meter.CreateObservableGauge("pipeline.job.last_success.age", () => Each(cache, s => s.Index.Jobs.Where(j => j.LastSuccess.At is not null),
                j => new Measurement<double>((time.GetUtcNow() - j.LastSuccess.At!.Value).TotalSeconds, Tag("job", j.Job))),
            "s", "Seconds since the job's latest successful sync finished.");
        // Every job of jobs/ has these two, so a job that never synced is visible (0) instead of absent.
        meter.CreateObservableGauge("pipeline.job.last_success.timestamp", () => Each(cache, s => s.Index.Jobs,
                j => new Measurement<double>(j.LastSuccess.At is { } at ? at.ToUnixTimeMilliseconds() / 1000.0 : 0, Tag("job", j.Job))),
            "s", "Unix time the job's latest successful sync (full or incremental, never a webhook) finished; 0 when it never synced.");
        meter.CreateObservableGauge("pipeline.job.freshness.breached", () => Each(cache, s => s.Index.Jobs,
                j => new Measurement<int>(Breached(catalog, j, time.GetUtcNow()) ? 1 : 0, Tag("job", j.Job))),
            unit: null, "1 when the job's last successful sync (or, never synced, its registration) is older than its freshness SLA, as health judges it.");
        meter.CreateObservableGauge("pipeline.job.indexing_lag.median", () => Each(cache, s => s.Index.Jobs.Where(j => j.LagMedianSeconds is not null),
                j => new Measurement<double>(j.LagMedianSeconds!.Value, Tag("job", j.Job))),
            "s", "Median of indexed_at - source updated_at over the documents the job's latest successful sync indexed.");
        meter.CreateObservableGauge("pipeline.job.indexing_lag.max", () => Each(cache, s => s.Index.Jobs.Where(j => j.LagMaxSeconds is not null),
                j => new Measurement<double>(j.LagMaxSeconds!.Value, Tag("job", j.Job))),
            "s", "Maximum of indexed_at - source updated_at over the documents the job's latest successful sync indexed.");
        meter.CreateObservableGauge("pipeline.hangfire.queue.depth", () => Each(cache, s => s.Queues,
                q => new Measurement<long>(q.Value, Tag("queue", q.Key))),
            "{job}", "Hangfire jobs enqueued and not yet taken, by queue.");
        meter.CreateObservableGauge("pipeline.hangfire.jobs.failed", () => Each<long, long>(cache, s => [s.FailedJobs], n => new Measurement<long>(n)),
            "{job}", "Hangfire jobs in the Failed state (retries exhausted).");
        meter.CreateObservableGauge("pipeline.hangfire.jobs.processing", () => Each<long, long>(cache, s => [s.ProcessingJobs], n => new Measurement<long>(n)),
            "{job}", "Hangfire jobs running now.");
        meter.CreateObservableGauge("pipeline.metrics.snapshot.age", () => Each<DateTimeOffset, double>(cache, s => [s.ReadAt],
                at => new Measurement<double>((time.GetUtcNow() - at).TotalSeconds)),
            "s", "Seconds since the figures above were read from the database and Hangfire.");
        meter.CreateObservableCounter("pipeline.metrics.snapshot.failures", () => cache.Failures,
            "{read}", "Reads of the database or Hangfire for /metrics that failed (the previous figures are served).");
        DriftGauges.Register(meter, cache);
    }

    private static bool Breached(JobCatalog catalog, JobFreshness job, DateTimeOffset now) =>
        catalog.Jobs.FirstOrDefault(d => d.Name == job.Job) is { } definition
        && job.LastSuccess.SlaBreached(TimeSpan.FromHours(definition.Freshness.SlaHoursFor(definition.Schedule, now)), now);

    private static IEnumerable<Measurement<T>> Each<TItem, T>(OperationalSnapshotCache cache, Func<OperationalSnapshot, IEnumerable<TItem>> items, Func<TItem, Measurement<T>> measure)
        where T : struct =>
        cache.Current() is { } snapshot ? items(snapshot).Select(measure).ToList() : [];

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
