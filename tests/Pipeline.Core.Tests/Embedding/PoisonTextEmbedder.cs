using Pipeline.Core.Embedding;

namespace Pipeline.Core.Tests.Embedding;

/// <summary>
/// The real model, except that any call holding a text with the marker throws, the way a model fails on one
/// pathological input. Counts calls so tests can see retries and bisection.
/// </summary>
public sealed class PoisonTextEmbedder(IEmbedder real, string marker) : IEmbedder
{
    private int _calls;
    private int _failedCalls;

    public int Calls => Volatile.Read(ref _calls);

    public int FailedCalls => Volatile.Read(ref _failedCalls);

    public EmbeddingModelInfo Model => real.Model;

    public Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (texts.Any(t => t.Contains(marker, StringComparison.Ordinal)))
        {
            Interlocked.Increment(ref _failedCalls);
            throw new InvalidOperationException($"poison input ({texts.Count} texts in the call)");
        }
        return real.EmbedAsync(texts, cancellationToken);
    }
}
