namespace Pipeline.Core.Drift;

/// <param name="CentroidShift">1 − cosine(centroid of the run's new chunks, centroid of the baseline): 0 same direction, 1 orthogonal.</param>
/// <param name="TokenLengthPsi">PSI of the chunk-length distribution, run against baseline.</param>
/// <param name="SimilarityPsi">PSI of each chunk's similarity to the baseline centroid, run against baseline (null for a baseline of one chunk).</param>
/// <param name="TokenLengthNoise">What <see cref="TokenLengthPsi"/> reads for samples of these sizes without any drift.</param>
/// <param name="SimilarityNoise">What <see cref="SimilarityPsi"/> reads for samples of these sizes without any drift.</param>
public sealed record EmbeddingDrift(double? CentroidShift, double? TokenLengthPsi, double? SimilarityPsi, double TokenLengthNoise = 0, double SimilarityNoise = 0)
{
    public static EmbeddingDrift None { get; } = new(null, null, null);
}

/// <summary>How far a run's new and changed chunks sit from the chunks indexed before it.</summary>
public static class DriftMeasurement
{
    /// <returns>Null figures when either side is empty: a first load has no baseline to drift from.</returns>
    public static EmbeddingDrift Measure(DriftSample baseline, DriftSample current)
    {
        var baselineCentre = Centroid.Of(baseline.Vectors);
        var currentCentre = Centroid.Of(current.Vectors);
        if (baselineCentre is null || currentCentre is null)
        {
            return EmbeddingDrift.None;
        }
        var shift = 1 - Cosine.Similarity(currentCentre, baselineCentre);
        var tokens = PopulationStability.Index(
            FixedBins.TokenLength.Histogram(baseline.TokenCounts.Select(t => (double)t)),
            FixedBins.TokenLength.Histogram(current.TokenCounts.Select(t => (double)t)));
        var referenceCount = baseline.Count / 2;
        return new EmbeddingDrift(shift, tokens, SimilarityPsi(baseline.Vectors, current.Vectors),
            PopulationStability.NoiseFloor(FixedBins.TokenLength.Bins, baseline.Count, current.Count),
            PopulationStability.NoiseFloor(FixedBins.Similarity.Bins, referenceCount, current.Count));
    }

    /// <summary>
    /// The baseline is split in two alternating halves: one gives the centroid, the other the reference distribution
    /// of similarities to it. Measured against a centroid they helped make, baseline chunks would look closer to
    /// it than any new chunk could, and a small baseline would report drift for more of the same.
    /// </summary>
    private static double? SimilarityPsi(IReadOnlyList<float[]> baseline, IReadOnlyList<float[]> current)
    {
        if (baseline.Count < 2)
        {
            return null;
        }
        var centre = Centroid.Of(baseline.Where((_, i) => i % 2 == 0))!;
        var reference = baseline.Where((_, i) => i % 2 == 1);
        return PopulationStability.Index(
            FixedBins.Similarity.Histogram(reference.Select(v => Cosine.Similarity(v, centre))),
            FixedBins.Similarity.Histogram(current.Select(v => Cosine.Similarity(v, centre))));
    }
}
