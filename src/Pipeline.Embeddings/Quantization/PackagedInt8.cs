namespace Pipeline.Embeddings.Quantization;

/// <summary>The int8 variants of the packaged models, built from the bytes inside their NuGet packages.</summary>
public static class PackagedInt8
{
    /// <summary>The cache file name stem of the int8 all-MiniLM-L6-v2: <c>models/all-MiniLM-L6-v2-int8.onnx</c>.</summary>
    public const string MiniLmName = "all-MiniLM-L6-v2";

    public static Task<Int8Model> MiniLmAsync(this Int8ModelCache cache, CancellationToken cancellationToken) =>
        cache.GetOrBuildAsync(MiniLmName, ModelRegistry.MiniLm.Bytes.ReadOnnx(), cancellationToken);

    /// <summary>An embedder over the int8 variant: same tokenizer, pooling and signature as the fp32 model.</summary>
    public static MiniLmEmbedder CreateEmbedder(Int8Model model, EmbeddingOptions? options = null) =>
        new(options, model.Onnx, $"{ModelRegistry.MiniLm.Name}-int8");
}
