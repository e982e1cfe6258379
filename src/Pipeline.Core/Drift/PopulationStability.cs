namespace Pipeline.Core.Drift;

/// <summary>
/// Population stability index of two histograms over the same bins: Σ (actual% − expected%) · ln(actual% / expected%).
/// Rules of thumb: under 0.1 no real change, 0.1–0.25 a moderate shift, over 0.25 a different population.
/// </summary>
public static class PopulationStability
{
    /// <summary>Stands in for the share of an empty bin, which would make the logarithm infinite.</summary>
    public const double EmptyBinShare = 1e-4;

    /// <returns>The index, or null when either histogram is empty (nothing to compare).</returns>
    public static double? Index(IReadOnlyList<long> expected, IReadOnlyList<long> actual)
    {
        if (expected.Count != actual.Count)
        {
            throw new ArgumentException($"histograms of {expected.Count} and {actual.Count} bins");
        }
        double expectedTotal = expected.Sum(), actualTotal = actual.Sum();
        if (expectedTotal == 0 || actualTotal == 0)
        {
            return null;
        }
        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var e = Share(expected[i], expectedTotal);
            var a = Share(actual[i], actualTotal);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }

    private static double Share(long count, double total) => count == 0 ? EmptyBinShare : count / total;

    /// <summary>
    /// The index two samples of one population show on average, from sampling alone: (bins − 1)·(1/n₁ + 1/n₂)
    /// (each direction of the index is about χ² with bins − 1 degrees of freedom over twice the sample size).
    /// 100 chunks against 100 over 10 bins already read 0.18, so a threshold is judged on top of this.
    /// </summary>
    public static double NoiseFloor(int bins, long expectedCount, long actualCount) =>
        expectedCount == 0 || actualCount == 0 ? 0 : (bins - 1) * (1.0 / expectedCount + 1.0 / actualCount);
}
