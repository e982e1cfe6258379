namespace Pipeline.Core.Drift;

/// <summary>Chunks to compare: their vectors and their lengths in model tokens, pairwise in the same order.</summary>
public sealed record DriftSample(IReadOnlyList<float[]> Vectors, IReadOnlyList<int> TokenCounts)
{
    public static DriftSample Empty { get; } = new([], []);

    public int Count => Vectors.Count;
}
