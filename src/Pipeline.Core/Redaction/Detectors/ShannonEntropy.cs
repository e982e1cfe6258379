namespace Pipeline.Core.Redaction.Detectors;

/// <summary>Bits per character of a string's own character distribution.</summary>
internal static class ShannonEntropy
{
    public static double BitsPerCharacter(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }
        Span<int> counts = stackalloc int[128];
        var other = 0;
        foreach (var c in value)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                other++;
            }
        }
        var entropy = 0.0;
        foreach (var count in counts)
        {
            entropy -= Term(count, value.Length);
        }
        return entropy - Term(other, value.Length);
    }

    private static double Term(int count, int total)
    {
        if (count == 0)
        {
            return 0;
        }
        var p = (double)count / total;
        return p * Math.Log2(p);
    }
}
