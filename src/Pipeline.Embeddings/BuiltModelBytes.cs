namespace Pipeline.Embeddings;

/// <summary>
/// A graph produced here rather than shipped, e.g. an int8 quantisation of a packaged fp32 model: the builder gets
/// the base model's ONNX bytes and returns the new graph; the vocabulary is the base model's. The builder must be
/// deterministic (same bytes every build), since the registry entry pins the SHA-256 of its output.
/// </summary>
/// <remarks>
/// No entry of <see cref="ModelRegistry"/> uses this kind yet: the int8 builder (issue 11, item 2) plugs in here,
/// caching its output under the data folder if building on each start is too slow.
/// </remarks>
public sealed class BuiltModelBytes(ModelBytes baseModel, Func<byte[], byte[]> build) : ModelBytes
{
    public override byte[] ReadOnnx() => build(baseModel.ReadOnnx());

    public override Stream OpenVocabulary() => baseModel.OpenVocabulary();
}
