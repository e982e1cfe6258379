using Pipeline.Core.Embedding;
using Pipeline.Core.Stages;

namespace Pipeline.Storage.Index;

/// <summary>Writes the document's chunks with the active model's vectors and those of any model being built.</summary>
public sealed class StoreStage(DocumentIndex index, EmbeddingModelInfo model) : IPipelineStage
{
    public string Name => "store";

    public async Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        List<ModelVectors> vectors = [new(model, context.Vectors), .. context.BuildVectors.Select(b => new ModelVectors(b.Key, b.Value))];
        await index.ReplaceAsync(context.Source.Key, context, context.RunId, vectors, cancellationToken);
        context.Counters.AddChunksWritten(context.Chunks.Count);
        return StageOutcome.Done;
    }
}
