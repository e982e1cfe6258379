using Pipeline.Core.Drift;

namespace Pipeline.Core.Tests.Drift;

public sealed class PopulationStabilityTests
{
    [Fact]
    public void Identical_distributions_have_an_index_of_zero()
    {
        Assert.Equal(0, PopulationStability.Index([3, 7, 0, 10], [6, 14, 0, 20])!.Value, 12);
    }

    [Fact]
    public void A_shift_between_two_bins_matches_the_hand_computed_index()
    {
        // expected 50 % / 50 %, actual 25 % / 75 %:
        // (0.25 − 0.5)·ln(0.25/0.5) + (0.75 − 0.5)·ln(0.75/0.5) = 0.25·0.693147 + 0.25·0.405465 = 0.274653
        Assert.Equal(0.274653, PopulationStability.Index([50, 50], [25, 75])!.Value, 6);
    }

    [Fact]
    public void An_empty_bin_counts_as_a_tiny_share_instead_of_an_infinite_index()
    {
        // expected 100 % / 0 % (→ 0.0001), actual 50 % / 50 %:
        // (0.5 − 1)·ln(0.5/1) + (0.5 − 0.0001)·ln(0.5/0.0001) = 0.346574 + 0.4999·8.517193 = 4.604318
        Assert.Equal(4.604318, PopulationStability.Index([10, 0], [5, 5])!.Value, 6);
    }

    [Fact]
    public void An_empty_histogram_has_no_index()
    {
        Assert.Null(PopulationStability.Index([0, 0], [1, 2]));
        Assert.Null(PopulationStability.Index([1, 2], [0, 0]));
    }

    [Fact]
    public void Histograms_over_different_bins_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PopulationStability.Index([1, 2], [1, 2, 3]));
    }

    [Fact]
    public void The_noise_floor_of_two_samples_is_bins_minus_one_times_the_sum_of_reciprocal_sizes()
    {
        // 10 bins, 50 and 200 samples: 9 · (1/50 + 1/200) = 9 · 0.025 = 0.225
        Assert.Equal(0.225, PopulationStability.NoiseFloor(10, 50, 200), 12);
        Assert.Equal(0, PopulationStability.NoiseFloor(10, 0, 200));
    }
}
