namespace Pipeline.Core.Stages;

/// <summary>
/// Stops a document whose extracted content hashes the same as what is indexed: its bytes changed
/// (a re-saved file, new metadata) but nothing that is embedded did, so chunking and embedding would be waste.
/// Not when the pipeline that chunked it has changed since (its fingerprint), or a reprocess was asked for.
/// </summary>
public sealed class SkipUnchangedStage : IPipelineStage
{
    public string Name => "skip-unchanged";

    public Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var previous = context.Previous;
        if (previous is { Status: "indexed" } && previous.ContentHash == context.ContentHash
            && previous.MadeBy(context.Fingerprint) && !context.Reprocess)
        {
            context.ContentUnchanged = true;
            return Task.FromResult(StageOutcome.Done);
        }
        return Task.FromResult(StageOutcome.Continue);
    }
}
