namespace Pipeline.Core.Stages;

public enum StageStatus
{
    /// <summary>Go on with the next stage.</summary>
    Continue,

    /// <summary>Nothing more to do for this document (for example its content is unchanged).</summary>
    Done,

    /// <summary>The document cannot be ingested; it is quarantined with the reason.</summary>
    Failed,
}

/// <summary>Expected conditions come back as outcomes; exceptions are for the unexpected (and are retried by the job).</summary>
public sealed record StageOutcome(StageStatus Status, string? Reason = null, string? Message = null)
{
    public static readonly StageOutcome Continue = new(StageStatus.Continue);

    public static readonly StageOutcome Done = new(StageStatus.Done);

    public static StageOutcome Failed(string reason, string message) => new(StageStatus.Failed, reason, message);
}
