namespace Pipeline.Embeddings;

/// <summary>all-MiniLM-L6-v2, the default model: <see cref="OnnxEmbedder"/> over <see cref="ModelRegistry.MiniLm"/>.</summary>
public sealed class MiniLmEmbedder(EmbeddingOptions? options = null) : OnnxEmbedder(ModelRegistry.MiniLm, options);
