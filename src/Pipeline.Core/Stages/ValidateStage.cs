namespace Pipeline.Core.Stages;

/// <summary>
/// The minimal quality gate: a document that yields no text is quarantined rather than indexed as empty.
/// Configurable rules (garbage ratio, OCR confidence, boilerplate) extend this stage.
/// </summary>
public sealed class ValidateStage : IPipelineStage
{
    public string Name => "validate";

    public Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        if (context.Chunks.Count == 0)
        {
            return Task.FromResult(StageOutcome.Failed("no-text", "the document has no extractable text"));
        }
        return Task.FromResult(StageOutcome.Continue);
    }
}
