namespace Pipeline.Core.Telemetry;

/// <summary>Values of the <c>outcome</c> tag of <c>pipeline.documents.processed</c>.</summary>
public static class DocumentOutcomes
{
    public const string New = "new";
    public const string Changed = "changed";
    public const string Unchanged = "unchanged";
    public const string Deleted = "deleted";
    public const string Failed = "failed";
}
