using Hangfire;
using Microsoft.Extensions.Logging;
using Pipeline.Host.Jobs;
using Pipeline.Host.Scheduling;
using Pipeline.Storage.Metrics;

namespace Pipeline.Host.Metrics;

/// <summary>
/// One snapshot shared by every gauge of a scrape and by scrapes close together: the database and Hangfire are
/// read at most once per <see cref="MetricsOptions.SnapshotSeconds"/>, also while they fail, so a scrape storm or
/// an outage does not turn into a query storm. A failed read keeps the last good snapshot, is logged and counted.
/// </summary>
public sealed partial class OperationalSnapshotCache(
    MetricsSnapshotQuery query,
    JobCatalog catalog,
    JobStorage jobStorage,
    MetricsOptions options,
    TimeProvider time,
    ILogger<OperationalSnapshotCache> logger)
{
    /// <summary>Queues the service's Hangfire server takes work from (see ServiceHost), reported even when empty.</summary>
    private static readonly string[] ServedQueues = [ReingestDocumentJob.Queue, "default"];

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private OperationalSnapshot? _last;
    private DateTimeOffset? _lastAttempt;
    private long _failures;

    /// <summary>Reads that failed since the start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <returns>The newest good snapshot; null until one read has succeeded.</returns>
    public OperationalSnapshot? Current()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_lastAttempt is { } attempted && now - attempted < TimeSpan.FromSeconds(options.SnapshotSeconds))
            {
                return _last;
            }
            _lastAttempt = now;
            try
            {
                _last = Read(now);
            }
            catch (Exception e)
            {
                // A scrape must still answer (with the previous figures and the failure count) when the database is down.
                Interlocked.Increment(ref _failures);
                LogReadFailed(e);
            }
            return _last;
        }
    }

    private OperationalSnapshot Read(DateTimeOffset now)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        // Gauge callbacks are synchronous; the scrape that needs a fresh snapshot waits for this one read.
        var index = query.ReadAsync(catalog.Jobs.Select(j => j.Name).ToList(), timeout.Token).GetAwaiter().GetResult();
        var monitoring = jobStorage.GetMonitoringApi();
        var queues = ServedQueues.ToDictionary(q => q, _ => 0L, StringComparer.Ordinal);
        foreach (var queue in monitoring.Queues())
        {
            queues[queue.Name] = queue.Length;
        }
        return new OperationalSnapshot(index, queues, monitoring.FailedCount(), monitoring.ProcessingCount(), now);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics snapshot could not be read; /metrics serves the previous one")]
    private partial void LogReadFailed(Exception exception);
}
