using Pipeline.Core.Quality;

namespace Pipeline.Core.Stages;

/// <summary>
/// The quality gate: a document that yields no text is quarantined rather than indexed as empty; then the job's
/// quality rules run. A rejected document fails with reason <c>quality:RULE</c>; rejected chunks are dropped
/// before any vector is looked up or computed; every finding goes to the run's <see cref="QualityReport"/>.
/// </summary>
public sealed class ValidateStage(QualityInspector inspector, QualityReport report) : IPipelineStage
{
    /// <summary>The default rules, reported nowhere: for callers that only need the gate.</summary>
    public ValidateStage()
        : this(new QualityInspector(new QualityOptions()), new QualityReport())
    {
    }

    public string Name => "validate";

    public Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        if (context.Chunks.Count == 0)
        {
            return Task.FromResult(StageOutcome.Failed("no-text", "the document has no extractable text"));
        }
        var document = context.Document ?? throw new InvalidOperationException("validate stage ran before extraction");
        var chunks = context.Chunks;
        var verdict = inspector.Inspect(document, chunks);
        report.Record(verdict, chunks);
        if (verdict.Rejection is { } rejection)
        {
            return Task.FromResult(StageOutcome.Failed(QualityRuleNames.Reason(rejection.Rule), rejection.Message));
        }
        if (verdict.KeptChunks.Count < chunks.Count)
        {
            context.Chunks = verdict.KeptChunks;
            // Vector slots follow the chunks; none is filled yet, as reuse and embedding run after this stage.
            context.Vectors = new float[]?[verdict.KeptChunks.Count];
        }
        return Task.FromResult(StageOutcome.Continue);
    }
}
