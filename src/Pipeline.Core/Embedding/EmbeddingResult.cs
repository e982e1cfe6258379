namespace Pipeline.Core.Embedding;

/// <param name="Vectors">One L2-normalised vector per input, in input order.</param>
/// <param name="Truncated">How many inputs exceeded the model maximum and were cut.</param>
/// <param name="Tokens">Tokens fed to the model, special tokens included, padding excluded.</param>
public sealed record EmbeddingResult(IReadOnlyList<float[]> Vectors, int Truncated, long Tokens)
{
    /// <summary>
    /// Tokens fed to the model for each input, in input order; null when the embedder does not say. Lets a caller that
    /// combined several requests into one call (<see cref="CoalescingEmbedder"/>) give each its own share.
    /// </summary>
    public IReadOnlyList<int>? InputTokens { get; init; }

    /// <summary>Which inputs were cut at the model maximum, in input order; null when the embedder does not say.</summary>
    public IReadOnlyList<bool>? InputTruncated { get; init; }

    /// <summary>Padding tokens the model computed on top of <see cref="Tokens"/> (batches are padded to their longest input).</summary>
    public long Padding { get; init; }

    /// <summary>Model calls (ONNX Runtime batches) this result took.</summary>
    public int Batches { get; init; }

    /// <summary>Each model batch's inputs and padded length, in the order run; null when the embedder does not say.</summary>
    public IReadOnlyList<BatchShape>? BatchShapes { get; init; }

    /// <summary>
    /// Vectors of this result that no model call made for it: an identical text of another request in the same run
    /// was embedded (or is being embedded) and its vector is shared. Not counted in <see cref="Tokens"/>.
    /// </summary>
    public int Shared { get; init; }
}

/// <summary>One model batch: <paramref name="Inputs"/> rows padded to <paramref name="Length"/> tokens.</summary>
public readonly record struct BatchShape(int Inputs, int Length);
