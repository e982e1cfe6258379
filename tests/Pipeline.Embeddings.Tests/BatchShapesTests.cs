using Pipeline.Core.Embedding;

namespace Pipeline.Embeddings.Tests;

/// <summary>What a call tells about its model batches: their shapes, the padding they carried, and their raw replay.</summary>
public sealed class BatchShapesTests
{
    [Fact]
    public async Task A_call_reports_each_batch_shape_and_its_padding_adds_up_with_the_tokens()
    {
        using var model = new MiniLmEmbedder(new EmbeddingOptions { BatchSize = 4 });
        var texts = Enumerable.Range(1, 11).Select(n => string.Join(" ", Enumerable.Repeat($"Pump {n} passed its pressure test.", n))).ToList();

        var result = await model.EmbedAsync(texts, CancellationToken.None);

        var shapes = result.BatchShapes!;
        Assert.Equal(result.Batches, shapes.Count);
        Assert.Equal(texts.Count, shapes.Sum(s => s.Inputs));
        Assert.All(shapes, s => Assert.InRange(s.Inputs, 1, 4));
        Assert.Equal(result.Tokens + result.Padding, shapes.Sum(s => (long)s.Inputs * s.Length));
        Assert.Equal(result.Tokens, result.InputTokens!.Sum());
        Assert.True(result.Padding <= LengthBatches.MaxPaddingShare * result.Tokens);
        // The same batches replayed raw (bench uses this as the ceiling of exactly the work the run did).
        Assert.True(model.RunRawShapes(shapes) > TimeSpan.Zero);
    }
}
