namespace Pipeline.Core.Embedding;

/// <summary>Turns texts into unit-length vectors. Implemented in Pipeline.Embeddings (ONNX Runtime).</summary>
public interface IEmbedder
{
    EmbeddingModelInfo Model { get; }

    /// <summary>
    /// Embeds <paramref name="texts"/> as passages (what the index stores), in order. Implementations batch
    /// internally (grouping by length); inputs longer than the model maximum are truncated and counted in the
    /// result, never silently.
    /// </summary>
    Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);

    /// <summary>
    /// Embeds search queries: asymmetric models (Arctic) were trained to see <see cref="EmbeddingModelInfo.QueryPrefix"/>
    /// before a query and rank worse without it. Defined here once so every wrapper (metering, timing) keeps it.
    /// </summary>
    Task<EmbeddingResult> EmbedQueriesAsync(IReadOnlyList<string> queries, CancellationToken cancellationToken) =>
        EmbedAsync(Model.QueryPrefix.Length == 0 ? queries : queries.Select(q => Model.QueryPrefix + q).ToList(), cancellationToken);
}
