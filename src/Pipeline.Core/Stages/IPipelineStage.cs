namespace Pipeline.Core.Stages;

/// <summary>One step of document ingestion. The runner owns the loop; a stage does one thing to the context.</summary>
public interface IPipelineStage
{
    string Name { get; }

    Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken);
}
