using Microsoft.Extensions.Logging;

namespace Pipeline.Core.Stages;

/// <summary>Runs the stages in order over one document until one finishes it or fails it.</summary>
/// <param name="clock">Measures each stage's busy time across the documents in flight (bench); null to not measure.</param>
public sealed partial class DocumentPipeline(IReadOnlyList<IPipelineStage> stages, ILogger<DocumentPipeline> logger, StageClock? clock = null)
{
    public IReadOnlyList<IPipelineStage> Stages { get; } = stages;

    public async Task<StageOutcome> ProcessAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        foreach (var stage in Stages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            clock?.Enter(stage.Name);
            StageOutcome outcome;
            try
            {
                outcome = await stage.InvokeAsync(context, cancellationToken);
            }
            finally
            {
                clock?.Leave(stage.Name);
            }
            if (outcome.Status == StageStatus.Failed)
            {
                LogFailed(context.Source.Key, context.Reference.ExternalId, stage.Name, outcome.Reason, outcome.Message);
                return outcome;
            }
            if (outcome.Status == StageStatus.Done)
            {
                return outcome;
            }
        }
        return StageOutcome.Done;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {Source}/{ExternalId} failed at stage {Stage}: {Reason} ({Detail})")]
    private partial void LogFailed(string source, string externalId, string stage, string? reason, string? detail);
}
