using Pipeline.Embeddings;

namespace Pipeline.Embeddings.Tests;

public sealed class EmbeddingOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_use_every_core()
    {
        var options = new EmbeddingOptions();

        options.Validate();
        Assert.Equal(Environment.ProcessorCount, options.IntraOpThreads);
        Assert.Equal(32, options.BatchSize);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(EmbeddingOptions.Ceiling + 1)]
    public void Batch_size_out_of_range_is_rejected_by_name(int batchSize)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingOptions { BatchSize = batchSize }.Validate());

        Assert.Equal(nameof(EmbeddingOptions.BatchSize), error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void Thread_count_below_one_is_rejected_by_name(int threads)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingOptions { IntraOpThreads = threads }.Validate());

        Assert.Equal(nameof(EmbeddingOptions.IntraOpThreads), error.ParamName);
    }

    [Fact]
    public void Embedder_refuses_invalid_options_before_loading_the_model()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MiniLmEmbedder(new EmbeddingOptions { BatchSize = 0 }));
    }
}
