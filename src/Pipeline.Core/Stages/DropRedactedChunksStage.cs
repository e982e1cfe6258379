using Pipeline.Core.Redaction;

namespace Pipeline.Core.Stages;

/// <summary>
/// After chunking: chunks holding a value whose policy is <c>drop-chunk</c> (its <see cref="DocumentRedactor.DropMarker"/>)
/// are left out before any vector is looked up or computed, and the rest renumbered without gaps, as stored. A document
/// left with no chunk goes on to the quality gate, which quarantines it as having no text.
/// </summary>
public sealed class DropRedactedChunksStage(RedactionReport report) : IPipelineStage
{
    public string Name => "drop-redacted";

    public Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        if (!context.Redactions.Any(f => f.Action == RedactionAction.DropChunk))
        {
            return Task.FromResult(StageOutcome.Continue);
        }
        var chunks = context.Chunks;
        // Text and embedding text alike: a heading prefix carries a heading's marker into every chunk under it.
        var kept = chunks.Where(c => !c.Text.Contains(DocumentRedactor.DropMarker, StringComparison.Ordinal)
            && !c.EmbeddingText.Contains(DocumentRedactor.DropMarker, StringComparison.Ordinal)).ToList();
        if (kept.Count < chunks.Count)
        {
            report.CountDroppedChunks(chunks.Count - kept.Count);
            context.Chunks = kept.Select((c, i) => c with { Ordinal = i }).ToList();
            context.Vectors = new float[]?[kept.Count];
        }
        return Task.FromResult(StageOutcome.Continue);
    }
}
