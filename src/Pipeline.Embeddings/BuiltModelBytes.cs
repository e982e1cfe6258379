namespace Pipeline.Embeddings;

/// <summary>
/// A graph produced here rather than shipped, e.g. an int8 quantisation of a packaged fp32 model: the builder gets
/// the base model's ONNX bytes and returns the new graph; the vocabulary is the base model's. The builder must be
/// deterministic (same bytes every build), since the registry entry pins the SHA-256 of its output.
/// </summary>
/// <remarks>
/// Built on every read, so fit for small or test-only graphs; the int8 variants, whose build takes seconds, use
/// <see cref="Quantization.Int8ModelBytes"/>, which caches the output under the data folder.
/// </remarks>
public sealed class BuiltModelBytes(ModelBytes baseModel, Func<byte[], byte[]> build) : ModelBytes
{
    public override byte[] ReadOnnx() => build(baseModel.ReadOnnx());

    public override Stream OpenVocabulary() => baseModel.OpenVocabulary();
}
