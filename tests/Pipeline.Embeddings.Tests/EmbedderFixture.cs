using Pipeline.Embeddings;

namespace Pipeline.Embeddings.Tests;

/// <summary>
/// Loading the 90 MB model takes about a second, so a test class shares these. The second instance has batches of
/// two, so ordering across several length-sorted batches is exercised without needing dozens of inputs.
/// </summary>
public sealed class EmbedderFixture : IDisposable
{
    public MiniLmEmbedder Embedder { get; } = new();

    public MiniLmEmbedder SmallBatches { get; } = new(new EmbeddingOptions { BatchSize = 2 });

    public void Dispose()
    {
        Embedder.Dispose();
        SmallBatches.Dispose();
    }
}
