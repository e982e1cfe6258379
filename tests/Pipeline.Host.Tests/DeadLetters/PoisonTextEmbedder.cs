using Pipeline.Core.Embedding;

namespace Pipeline.Host.Tests.DeadLetters;

/// <summary>
/// The real model, except that any call holding a text with <see cref="Marker"/> throws, the way a model fails on
/// one pathological input. Set after the harness is built, once the test knows which chunk to poison.
/// </summary>
public sealed class PoisonTextEmbedder(IEmbedder real) : IEmbedder
{
    private int _failedCalls;

    public string? Marker { get; set; }

    public int FailedCalls => Volatile.Read(ref _failedCalls);

    public EmbeddingModelInfo Model => real.Model;

    public Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (Marker is { } marker && texts.Any(t => t.Contains(marker, StringComparison.Ordinal)))
        {
            Interlocked.Increment(ref _failedCalls);
            throw new InvalidOperationException($"poison input ({texts.Count} texts in the call)");
        }
        return real.EmbedAsync(texts, cancellationToken);
    }
}
