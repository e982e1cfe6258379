using Pipeline.Core.Embedding;
using Pipeline.Core.Stages;

namespace Pipeline.Storage.Index;

/// <summary>
/// While a model is being built for the source (<c>models build</c>), a sync writes its vectors too, so the build
/// never falls behind the source: reused by content hash where that model embedded the text before, embedded
/// otherwise. A chunk the model fails on is left empty rather than failing the document: the build fills it, and
/// <c>activate</c> refuses a model with chunks missing.
/// </summary>
public sealed class EmbedForBuildStage(DocumentIndex index, IEmbedder embedder, EmbeddingRetryOptions retry) : IPipelineStage
{
    private readonly BisectingEmbedder _bisecting = new(embedder, retry);

    public string Name => $"embed-build:{embedder.Model.Id}";

    public async Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var slots = new float[]?[context.Chunks.Count];
        var known = await index.FindVectorsAsync(context.Chunks.Select(c => c.ContentHash).Distinct().ToList(), embedder.Model, cancellationToken);
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = known.GetValueOrDefault(context.Chunks[i].ContentHash);
        }
        var missing = Enumerable.Range(0, slots.Length).Where(i => slots[i] is null).ToList();
        if (missing.Count > 0)
        {
            var subject = $"{context.Source.Key}/{context.Reference.ExternalId} ({embedder.Model.Id})";
            var result = await _bisecting.EmbedAsync(missing.Select(i => context.Chunks[i].EmbeddingText).ToList(), subject, cancellationToken);
            for (var k = 0; k < missing.Count; k++)
            {
                slots[missing[k]] = result.Vectors[k];
            }
        }
        context.BuildVectors[embedder.Model] = slots;
        return StageOutcome.Continue;
    }
}
