namespace Pipeline.Core.Stages;

/// <summary>Reads the document from its source into the structured model.</summary>
/// <remarks>
/// Only here does an unexpected exception become the document's failure: a parser that throws on one odd file
/// must not stop the run. Exceptions in later stages (model, database) are the system's, and fail the run
/// so that it is retried rather than quarantining every document it touches.
/// </remarks>
public sealed class ExtractStage : IPipelineStage
{
    public string Name => "extract";

    /// <summary>The failure reason of a document the service account may no longer read.</summary>
    public const string AccessLostReason = "access-lost";

    public async Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        Sources.LoadResult result;
        try
        {
            result = await context.Source.LoadAsync(context.Reference, cancellationToken);
        }
        catch (Access.AccessLostException e)
        {
            // Not the document's fault and not a deletion: the runner hides it and keeps it for the grace period.
            return StageOutcome.Failed(AccessLostReason, e.Message);
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException or IOException or UnauthorizedAccessException))
        {
            return StageOutcome.Failed("unreadable", $"{e.GetType().Name}: {e.Message}");
        }
        if (result.Document is null)
        {
            return StageOutcome.Failed(result.FailureReason ?? "unreadable", result.FailureMessage ?? "the source could not read this document");
        }
        context.Document = result.Document;
        context.ContentHash = result.Document.ContentHash();
        context.Counters.AddPages(result.Document.Pages, result.Document.PageDetails.Count(p => p.Source == Documents.PageTextSource.Ocr));
        return StageOutcome.Continue;
    }
}
