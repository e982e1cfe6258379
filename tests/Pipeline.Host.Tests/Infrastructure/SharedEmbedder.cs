using Pipeline.Embeddings;

namespace Pipeline.Host.Tests.Infrastructure;

/// <summary>One loaded model for the whole test assembly: loading it per test would dominate test time.</summary>
public static class SharedEmbedder
{
    private static readonly Lazy<MiniLmEmbedder> Instance = new(() => new MiniLmEmbedder());

    public static MiniLmEmbedder Value => Instance.Value;
}
