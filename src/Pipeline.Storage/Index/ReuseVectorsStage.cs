using Pipeline.Core.Embedding;
using Pipeline.Core.Stages;

namespace Pipeline.Storage.Index;

/// <summary>Fills vectors for chunks whose exact embedded text the same model has embedded before.</summary>
public sealed class ReuseVectorsStage(DocumentIndex index, EmbeddingModelInfo model) : IPipelineStage
{
    public string Name => "reuse-vectors";

    public async Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var hashes = context.Chunks.Select(c => c.ContentHash).Distinct().ToList();
        var known = await index.FindVectorsAsync(hashes, model, cancellationToken);
        var reused = 0;
        for (var i = 0; i < context.Chunks.Count; i++)
        {
            if (known.TryGetValue(context.Chunks[i].ContentHash, out var vector))
            {
                context.Vectors[i] = vector;
                reused++;
            }
        }
        context.Counters.AddEmbeddingsReused(reused);
        return StageOutcome.Continue;
    }
}
