namespace Pipeline.Host.Ingestion;

public enum DocumentResult
{
    Unchanged,
    New,
    Changed,
    Failed,

    /// <summary>Failed for a reason that may pass on its own (a timeout, an overloaded source): read again next run.</summary>
    FailedForNow,
}
