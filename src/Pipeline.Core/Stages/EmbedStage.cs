using Pipeline.Core.Embedding;

namespace Pipeline.Core.Stages;

/// <summary>
/// Embeds the chunks that no earlier stage found a vector for, with retries; chunks the model fails on alone are
/// dead-lettered and left out of this run, so one poison chunk costs its own vector, not the whole document.
/// </summary>
public sealed class EmbedStage(IEmbedder embedder, EmbeddingRetryOptions retry, IDeadLetterSink deadLetters) : IPipelineStage
{
    private readonly BisectingEmbedder _bisecting = new(embedder, retry);

    public string Name => "embed";

    public async Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var missing = Enumerable.Range(0, context.Chunks.Count).Where(i => context.Vectors[i] is null).ToList();
        if (missing.Count == 0)
        {
            return StageOutcome.Continue;
        }
        var subject = $"{context.Source.Key}/{context.Reference.ExternalId}";
        var result = await _bisecting.EmbedAsync(missing.Select(i => context.Chunks[i].EmbeddingText).ToList(), subject, cancellationToken);
        for (var k = 0; k < missing.Count; k++)
        {
            context.Vectors[missing[k]] = result.Vectors[k];
        }
        // A vector shared with an identical text of another document in the run was computed once, for that one.
        context.Counters.AddEmbeddingsComputed(result.Embedded - result.Shared, result.Tokens, result.Truncated);
        context.Counters.AddEmbeddingsReused(result.Shared);
        context.Counters.AddModelWork(result.Padding, result.Batches);
        var embedded = Enumerable.Range(0, missing.Count).Where(k => result.Vectors[k] is not null).Select(k => context.Chunks[missing[k]]).ToList();
        context.Counters.AddRepeatedTokens(embedded.Sum(c => (long)c.PrefixTokens), embedded.Sum(c => (long)c.OverlapTokens));
        if (result.Failures.Count == 0)
        {
            return StageOutcome.Continue;
        }

        var poison = result.Failures
            .Select(f => new PoisonChunk(context.Chunks[missing[f.Index]], f.Error, result.Calls[f.Index]))
            .ToList();
        // Recorded before the document is stored: if the process dies in between, the dead letter still says
        // what is missing, and the document (never stored with this version) is simply ingested again.
        await deadLetters.RecordAsync(context, poison, cancellationToken);
        var keep = Enumerable.Range(0, context.Chunks.Count).Where(i => context.Vectors[i] is not null).ToList();
        context.Chunks = keep.Select(i => context.Chunks[i]).ToList();
        context.Vectors = keep.Select(i => context.Vectors[i]).ToArray();
        return StageOutcome.Continue;
    }
}
