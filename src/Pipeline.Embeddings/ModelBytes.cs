namespace Pipeline.Embeddings;

/// <summary>
/// Where a registered model's ONNX graph and WordPiece vocabulary come from. Two kinds: resources of a NuGet package
/// (<see cref="PackagedModelBytes"/>) and graphs built on this machine from another model (<see cref="BuiltModelBytes"/>,
/// for the int8 variants).
/// </summary>
public abstract class ModelBytes
{
    public abstract byte[] ReadOnnx();

    public abstract Stream OpenVocabulary();
}
