using Pipeline.Core.Sources;

namespace Pipeline.Connectors.Atlassian;

/// <summary>Thread-safe tallies of one source's HTTP traffic; read as a <see cref="SourceRequestCounts"/> snapshot.</summary>
internal sealed class RequestCounters
{
    private long _requests;
    private long _retries;
    private long _throttled;

    public void Sent() => Interlocked.Increment(ref _requests);

    public void Retried() => Interlocked.Increment(ref _retries);

    public void Throttled() => Interlocked.Increment(ref _throttled);

    public SourceRequestCounts Snapshot() =>
        new(Interlocked.Read(ref _requests), Interlocked.Read(ref _retries), Interlocked.Read(ref _throttled));
}
