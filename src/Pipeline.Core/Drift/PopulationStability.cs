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
}
