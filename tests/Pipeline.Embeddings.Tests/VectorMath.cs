namespace Pipeline.Embeddings.Tests;

internal static class VectorMath
{
    public static double Dot(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }
        return sum;
    }

    public static double Norm(float[] a) => Math.Sqrt(Dot(a, a));

    public static double Cosine(float[] a, float[] b) => Dot(a, b) / (Norm(a) * Norm(b));

    public static double MaxAbsDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
    }
}
