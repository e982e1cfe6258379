namespace Pipeline.Core.Drift;

/// <summary>The mean of a set of embeddings: where a body of text sits in the model's space.</summary>
public static class Centroid
{
    /// <returns>The component-wise mean, or null for no vectors (there is no centre of nothing).</returns>
    public static double[]? Of(IEnumerable<float[]> vectors)
    {
        double[]? sum = null;
        var count = 0;
        foreach (var vector in vectors)
        {
            sum ??= new double[vector.Length];
            if (vector.Length != sum.Length)
            {
                throw new ArgumentException($"vectors of {sum.Length} and {vector.Length} dimensions cannot share a centroid");
            }
            for (var i = 0; i < vector.Length; i++)
            {
                sum[i] += vector[i];
            }
            count++;
        }
        if (sum is null)
        {
            return null;
        }
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] /= count;
        }
        return sum;
    }
}
