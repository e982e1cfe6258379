namespace Pipeline.Embeddings;

/// <summary>all-MiniLM-L6-v2, the default model: <see cref="OnnxEmbedder"/> over <see cref="ModelRegistry.MiniLm"/>.</summary>
public sealed class MiniLmEmbedder : OnnxEmbedder
{
    public MiniLmEmbedder(EmbeddingOptions? options = null)
        : base(ModelRegistry.MiniLm, options)
    {
    }

    /// <summary>MiniLM's tokenizer and pooling over another graph of it, such as the int8 variant.</summary>
    public MiniLmEmbedder(EmbeddingOptions? options, byte[] onnx, string modelId)
        : base(ModelRegistry.MiniLm, onnx, modelId, options)
    {
    }
}
