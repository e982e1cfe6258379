using Pipeline.Core.Drift;

namespace Pipeline.Core.Tests.Drift;

public sealed class FixedBinsTests
{
    [Theory]
    [InlineData(-5.0, 0)]
    [InlineData(9.99, 0)]
    [InlineData(10.0, 1)]
    [InlineData(19.0, 1)]
    [InlineData(20.0, 2)]
    [InlineData(1000.0, 2)]
    public void A_value_on_a_boundary_opens_the_next_bin(double value, int bin)
    {
        Assert.Equal(bin, new FixedBins(10, 20).BinOf(value));
    }

    [Fact]
    public void Token_lengths_are_counted_into_nine_bins()
    {
        var counts = FixedBins.TokenLength.Histogram([1, 15, 16, 100, 383, 384, 510]);
        Assert.Equal([2L, 1, 0, 1, 0, 0, 0, 1, 2], counts);
    }

    [Fact]
    public void Boundaries_out_of_order_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new FixedBins(0.5, 0.2));
    }
}
