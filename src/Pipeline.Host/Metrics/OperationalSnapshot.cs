using Pipeline.Storage.Metrics;

namespace Pipeline.Host.Metrics;

/// <summary>What the gauges publish, read together at most once per <see cref="MetricsOptions.SnapshotSeconds"/>.</summary>
/// <param name="Queues">Enqueued Hangfire jobs per queue, the queues this service serves always included.</param>
public sealed record OperationalSnapshot(
    MetricsSnapshot Index,
    IReadOnlyDictionary<string, long> Queues,
    long FailedJobs,
    long ProcessingJobs,
    DateTimeOffset ReadAt);
