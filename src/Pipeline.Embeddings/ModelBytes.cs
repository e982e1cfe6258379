namespace Pipeline.Embeddings;

/// <summary>
/// Where a registered model's ONNX graph and WordPiece vocabulary come from. Two kinds: resources of a NuGet package
/// (<see cref="PackagedModelBytes"/>) and graphs built on this machine from another model (<see cref="BuiltModelBytes"/>,
/// for graphs built in memory; <see cref="Quantization.Int8ModelBytes"/>, for the int8 variants cached under the data folder).
/// </summary>
public abstract class ModelBytes
{
    public abstract byte[] ReadOnnx();

    /// <summary>The ONNX bytes, given the data folder where built graphs are cached; packaged bytes ignore it.</summary>
    public virtual byte[] ReadOnnx(string? dataDirectory) => ReadOnnx();

    public abstract Stream OpenVocabulary();
}
