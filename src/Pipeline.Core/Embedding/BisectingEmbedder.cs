using Polly;

namespace Pipeline.Core.Embedding;

/// <summary>
/// Embeds a batch through the retry pipeline; a batch that still fails is split in halves, recursively, until the
/// inputs that fail on their own are isolated. Everything else in the batch is embedded.
/// </summary>
/// <remarks>
/// The whole batch and every single input get the full retries; the halves in between are tried once, because a
/// failing half is split anyway: retrying it would only multiply the back-off by the depth of the split, and a
/// transient failure there costs a few more calls, never a healthy input (singles are retried before giving up).
/// </remarks>
public sealed class BisectingEmbedder(IEmbedder embedder, EmbeddingRetryOptions options)
{
    private readonly ResiliencePipeline _retrying = EmbeddingRetryPipeline.Build(options.Validate());

    /// <param name="subject">Names the document in the exception thrown when the model, not the input, is at fault.</param>
    public async Task<BisectedEmbedding> EmbedAsync(IReadOnlyList<string> texts, string subject, CancellationToken cancellationToken)
    {
        var result = new BisectedEmbedding(texts.Count);
        if (texts.Count > 0)
        {
            await EmbedRangeAsync(texts, 0, texts.Count, subject, result, cancellationToken);
        }
        if (texts.Count > 1 && result.Failures.Count == texts.Count)
        {
            throw new EmbeddingFailedException(
                $"{subject}: the model failed on every one of its {texts.Count} chunks, even alone; that is the model failing, not the input",
                result.Failures[^1].Exception);
        }
        return result;
    }

    private async Task EmbedRangeAsync(IReadOnlyList<string> texts, int start, int count, string subject, BisectedEmbedding result, CancellationToken cancellationToken)
    {
        var slice = Enumerable.Range(start, count).Select(i => texts[i]).ToList();
        var whole = count == texts.Count;
        var pipeline = whole || count == 1 ? _retrying : ResiliencePipeline.Empty;
        var calls = 0;
        EmbeddingResult embedded;
        try
        {
            embedded = await pipeline.ExecuteAsync(async token =>
            {
                calls++;
                return await embedder.EmbedAsync(slice, token);
            }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            result.AddCalls(start, count, calls);
            if (count == 1)
            {
                result.Fail(start, e);
                if (result.Failures.Count > options.MaxPoisonChunksPerDocument)
                {
                    throw new EmbeddingFailedException(
                        $"{subject}: more than {options.MaxPoisonChunksPerDocument} chunks failed alone; that is the model failing, not the input", e);
                }
                return;
            }
            var half = count / 2;
            await EmbedRangeAsync(texts, start, half, subject, result, cancellationToken);
            await EmbedRangeAsync(texts, start + half, count - half, subject, result, cancellationToken);
            return;
        }
        if (embedded.Vectors.Count != count)
        {
            // A contract breach, not a poison input: it must fail the run, never leave chunks without vectors.
            throw new InvalidOperationException($"the embedder returned {embedded.Vectors.Count} vectors for {count} inputs");
        }
        result.AddCalls(start, count, calls);
        result.Succeed(start, embedded);
    }
}
