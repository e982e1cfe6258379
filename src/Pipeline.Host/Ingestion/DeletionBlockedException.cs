namespace Pipeline.Host.Ingestion;

/// <summary>
/// A full sync would delete more of a source than its job allows; nothing was deleted. Permanent (a retry would
/// list the same): an operator confirms with <c>./pipeline ingest --job NAME --confirm-deletions</c> or the
/// Sources page, or fixes the source.
/// </summary>
public sealed class DeletionBlockedException(string job, int deleting, int documents, double maxPercent)
    : Exception($"job '{job}': {Marker} {deleting} of {documents} documents, more than the limit of {maxPercent:0.##}%; "
        + $"nothing was deleted. If the source really lost them, run ./pipeline ingest --job {job} --confirm-deletions "
        + "(or 'Confirm deletions' on the dashboard's Sources page); see runbooks/alert-deletion-blocked.md")
{
    /// <summary>The words a run's recorded error carries when this blocked it; the alert looks for them.</summary>
    public const string Marker = "the sync would delete";

    public string Job { get; } = job;

    public int Deleting { get; } = deleting;

    public int Documents { get; } = documents;
}
