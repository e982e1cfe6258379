namespace Pipeline.Core.Drift;

public static class Cosine
{
    /// <summary>Cosine similarity in [-1, 1]; 0 when either vector is all zeros (it points nowhere).</summary>
    public static double Similarity(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"vectors of {a.Length} and {b.Length} dimensions");
        }
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / (Math.Sqrt(normA) * Math.Sqrt(normB));
    }

    public static double Similarity(ReadOnlySpan<float> a, ReadOnlySpan<double> b)
    {
        var widened = new double[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            widened[i] = a[i];
        }
        return Similarity(widened, b);
    }
}
