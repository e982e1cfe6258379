namespace Pipeline.Core.Drift;

/// <summary>
/// Histogram bins fixed in advance, so two runs' distributions are always compared bin for bin (bins derived
/// from the data, e.g. deciles of the baseline, would move with the baseline). Bin i holds the values with
/// exactly i boundaries at or below them: below the first boundary is bin 0, at or above the last is the last bin.
/// </summary>
public sealed class FixedBins
{
    private readonly double[] _boundaries;

    public FixedBins(params double[] boundaries)
    {
        if (boundaries.Length == 0 || boundaries.Zip(boundaries.Skip(1)).Any(p => p.First >= p.Second))
        {
            throw new ArgumentException("bin boundaries must be non-empty and strictly increasing", nameof(boundaries));
        }
        _boundaries = boundaries;
    }

    /// <summary>Model tokens of a chunk: short fragments, paragraphs, full chunks up to the 510-token maximum.</summary>
    public static FixedBins TokenLength { get; } = new(16, 32, 64, 128, 192, 256, 320, 384);

    /// <summary>Cosine similarity to a centroid, in tenths.</summary>
    public static FixedBins Similarity { get; } = new(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);

    public int Bins => _boundaries.Length + 1;

    public int BinOf(double value)
    {
        var index = Array.BinarySearch(_boundaries, value);
        // An exact boundary belongs to the bin it opens; otherwise the complement is the first boundary above.
        return index >= 0 ? index + 1 : ~index;
    }

    public long[] Histogram(IEnumerable<double> values)
    {
        var counts = new long[Bins];
        foreach (var value in values)
        {
            counts[BinOf(value)]++;
        }
        return counts;
    }
}
