namespace Pipeline.Storage.Metrics;

/// <summary>The index state /metrics publishes as gauges, read in one round trip.</summary>
public sealed record MetricsSnapshot(
    IReadOnlyList<DeadLettersOutstanding> DeadLetters,
    IReadOnlyList<QuarantineCount> Quarantined,
    IReadOnlyList<JobFreshness> Jobs)
{
    public static MetricsSnapshot Empty { get; } = new([], [], []);
}

public sealed record DeadLettersOutstanding(string Job, long Chunks);

public sealed record QuarantineCount(string Source, string Reason, long Documents);

/// <param name="LastSuccessAt">When the job's latest successful sync finished.</param>
/// <param name="LagMedianSeconds">Median of indexed_at − source updated_at over the documents that sync indexed; null when it indexed none.</param>
/// <param name="LagMaxSeconds">Maximum of the same.</param>
public sealed record JobFreshness(string Job, DateTimeOffset LastSuccessAt, double? LagMedianSeconds, double? LagMaxSeconds);
