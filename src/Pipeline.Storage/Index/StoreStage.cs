using Pipeline.Core.Embedding;
using Pipeline.Core.Stages;

namespace Pipeline.Storage.Index;

public sealed class StoreStage(DocumentIndex index, EmbeddingModelInfo model) : IPipelineStage
{
    public string Name => "store";

    public async Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        await index.ReplaceAsync(context.Source.Key, context, context.RunId, model, cancellationToken);
        context.Counters.AddChunksWritten(context.Chunks.Count);
        return StageOutcome.Done;
    }
}
