using Pipeline.Embeddings;

namespace Pipeline.Embeddings.Tests;

public sealed class LengthBatchesTests
{
    private static EncodedInput OfLength(int tokens) => new(new int[tokens], Truncated: false);

    [Fact]
    public void Batches_group_similar_lengths_and_cover_every_input_once()
    {
        EncodedInput[] inputs = [OfLength(50), OfLength(300), OfLength(400), OfLength(302), OfLength(51)];

        var batches = LengthBatches.Plan(inputs, batchSize: 2);

        Assert.Equal([[0, 4], [1, 3], [2]], batches);
    }

    [Fact]
    public void Equal_lengths_keep_input_order()
    {
        EncodedInput[] inputs = [OfLength(5), OfLength(5), OfLength(5)];

        Assert.Equal([[0, 1, 2]], LengthBatches.Plan(inputs, batchSize: 32));
    }

    [Fact]
    public void A_batch_closes_before_its_padding_passes_five_percent_of_its_tokens()
    {
        // 100, 104: 4 padding on 204 real (2.0%); adding 110 would pad 6 + 10 = 16 on 314 (5.1%).
        EncodedInput[] inputs = [OfLength(110), OfLength(100), OfLength(104), OfLength(111)];

        var batches = LengthBatches.Plan(inputs, batchSize: 32);

        Assert.Equal([[1, 2], [0, 3]], batches);
        foreach (var batch in batches)
        {
            var longest = batch.Max(i => inputs[i].Ids.Length);
            var real = batch.Sum(i => inputs[i].Ids.Length);
            Assert.True(batch.Length * longest - real <= LengthBatches.MaxPaddingShare * real);
        }
    }

    [Fact]
    public void Inputs_of_one_length_fill_batches_to_the_batch_size()
    {
        var inputs = Enumerable.Range(0, 70).Select(_ => OfLength(384)).ToArray();

        Assert.Equal([32, 32, 6], LengthBatches.Plan(inputs, batchSize: 32).Select(b => b.Length));
    }
}
