namespace Pipeline.Embeddings.Quantization;

/// <summary>
/// The int8 variant of a packaged model as registry bytes: built by <see cref="Int8Quantizer"/> from the base model's
/// ONNX at first use and kept in <see cref="Int8ModelCache"/> under the data folder, so only the first start of a
/// machine pays the few seconds of the build. The vocabulary is the base model's.
/// </summary>
/// <param name="cacheName">The base model's id: the file is <c>models/&lt;cacheName&gt;-int8.onnx</c>.</param>
public sealed class Int8ModelBytes(string cacheName, ModelBytes baseModel) : ModelBytes
{
    /// <summary>The id of the fp32 model this variant is built from.</summary>
    public string BaseId => cacheName;

    public override byte[] ReadOnnx() => ReadOnnx(dataDirectory: null);

    /// <exception cref="ArgumentException"><paramref name="dataDirectory"/> is null: there is nowhere to cache the build.</exception>
    public override byte[] ReadOnnx(string? dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            throw new ArgumentException(
                $"The int8 model '{cacheName}-int8' is built at first use and cached under a cache folder (PIPELINE_MODEL_CACHE); none was given.",
                nameof(dataDirectory));
        }
        // Called once per process while the embedder is created (start-up), where blocking on the build is expected.
        return Int8ModelCache.InDataDirectory(dataDirectory)
            .GetOrBuildAsync(cacheName, baseModel.ReadOnnx(), CancellationToken.None)
            .GetAwaiter().GetResult()
            .Onnx;
    }

    public override Stream OpenVocabulary() => baseModel.OpenVocabulary();
}
