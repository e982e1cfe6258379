using Pipeline.Embeddings;

namespace Pipeline.Embeddings.Tests;

public sealed class LengthBatchesTests
{
    private static EncodedInput OfLength(int tokens) => new(new int[tokens], Truncated: false);

    [Fact]
    public void Batches_group_similar_lengths_and_cover_every_input_once()
    {
        EncodedInput[] inputs = [OfLength(50), OfLength(3), OfLength(400), OfLength(4), OfLength(60)];

        var batches = LengthBatches.Plan(inputs, batchSize: 2);

        Assert.Equal([[1, 3], [0, 4], [2]], batches);
    }

    [Fact]
    public void Equal_lengths_keep_input_order()
    {
        EncodedInput[] inputs = [OfLength(5), OfLength(5), OfLength(5)];

        Assert.Equal([[0, 1, 2]], LengthBatches.Plan(inputs, batchSize: 32));
    }
}
