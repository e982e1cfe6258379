namespace Pipeline.Core.Telemetry;

/// <summary>Values of the <c>outcome</c> tag of <c>pipeline.documents.processed</c>.</summary>
public static class DocumentOutcomes
{
    public const string New = "new";
    public const string Changed = "changed";
    public const string Unchanged = "unchanged";
    public const string Deleted = "deleted";

    /// <summary>Hidden because the service account lost access (403): kept for the grace period, not deleted.</summary>
    public const string AccessLost = "access_lost";

    /// <summary>Hidden documents whose access came back: restored without re-embedding.</summary>
    public const string AccessRestored = "access_restored";

    /// <summary>Documents whose access a permission sync changed (no re-embedding).</summary>
    public const string AccessChanged = "access_changed";
    public const string Failed = "failed";
}
