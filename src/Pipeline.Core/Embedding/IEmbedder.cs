namespace Pipeline.Core.Embedding;

/// <summary>Turns texts into unit-length vectors. Implemented in Pipeline.Embeddings (ONNX Runtime).</summary>
public interface IEmbedder
{
    EmbeddingModelInfo Model { get; }

    /// <summary>
    /// Embeds <paramref name="texts"/> in order. Implementations batch internally (grouping by length);
    /// inputs longer than the model maximum are truncated and counted in the result, never silently.
    /// </summary>
    Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
