using Pipeline.Embeddings;

namespace Pipeline.Core.Tests.Chunking;

public static class ModelTokenizer
{
    private static readonly Lazy<MiniLmEmbedder> Instance = new(() => new MiniLmEmbedder());

    public static MiniLmEmbedder Value => Instance.Value;
}
