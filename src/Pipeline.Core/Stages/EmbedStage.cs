using Pipeline.Core.Embedding;

namespace Pipeline.Core.Stages;

/// <summary>Embeds the chunks that no earlier stage found a vector for.</summary>
public sealed class EmbedStage(IEmbedder embedder) : IPipelineStage
{
    public string Name => "embed";

    public async Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var missing = Enumerable.Range(0, context.Chunks.Count).Where(i => context.Vectors[i] is null).ToList();
        if (missing.Count == 0)
        {
            return StageOutcome.Continue;
        }
        var result = await embedder.EmbedAsync(missing.Select(i => context.Chunks[i].EmbeddingText).ToList(), cancellationToken);
        for (var k = 0; k < missing.Count; k++)
        {
            context.Vectors[missing[k]] = result.Vectors[k];
        }
        context.Counters.AddEmbeddingsComputed(missing.Count, result.Tokens, result.Truncated);
        return StageOutcome.Continue;
    }
}
