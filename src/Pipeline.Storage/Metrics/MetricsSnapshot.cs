using Pipeline.Storage.Runs;

namespace Pipeline.Storage.Metrics;

/// <summary>The index state /metrics publishes as gauges, read in one round trip.</summary>
/// <param name="Figures">The measured figures of each job's newest monitored run (<c>pipeline.run_figures</c>).</param>
/// <param name="Models">Per source, how many model hashes its chunks carry.</param>
public sealed record MetricsSnapshot(
    IReadOnlyList<DeadLettersOutstanding> DeadLetters,
    IReadOnlyList<QuarantineCount> Quarantined,
    IReadOnlyList<JobFreshness> Jobs,
    IReadOnlyList<JobRunFigure> Figures,
    IReadOnlyList<SourceModels> Models)
{
    public static MetricsSnapshot Empty { get; } = new([], [], [], [], []);
}

/// <param name="Name">A <c>RunFigureNames</c> name, e.g. <c>centroid_shift</c>.</param>
public sealed record JobRunFigure(string Job, long RunId, string Name, double Value);

public sealed record SourceModels(string Source, long Models);

public sealed record DeadLettersOutstanding(string Job, long Chunks);

public sealed record QuarantineCount(string Source, string Reason, long Documents);

/// <param name="LastSuccess">The job's last successful sync (<see cref="LastSuccessfulSyncQuery"/>); listed for every job of jobs/, also one that never synced.</param>
/// <param name="LagMedianSeconds">Median of indexed_at − source updated_at over the documents that sync indexed; null when it indexed none.</param>
/// <param name="LagMaxSeconds">Maximum of the same.</param>
public sealed record JobFreshness(LastSuccessfulSync LastSuccess, double? LagMedianSeconds, double? LagMaxSeconds)
{
    public string Job => LastSuccess.Job;
}
