namespace Pipeline.Extraction.Atlassian;

/// <summary>Counts what a conversion met but could not map, while it runs; becomes part of <see cref="ConvertedBody"/>.</summary>
internal sealed class ConversionTally
{
    // A hostile body could invent endless element names; long ones are cut so the counts stay small.
    private const int MaxNameLength = 64;

    private readonly Dictionary<string, int> _unknown = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ignored = new(StringComparer.Ordinal);
    private int _malformed;
    private int _flattened;

    public void Unknown(string name) => Increment(_unknown, name);

    public void Ignored(string name) => Increment(_ignored, name);

    public void Malformed() => _malformed++;

    public void Flattened() => _flattened++;

    public ConvertedBody Result(BlockWriter writer) => new(writer.Blocks, _unknown, _ignored, _malformed, _flattened);

    private static void Increment(Dictionary<string, int> counts, string name)
    {
        var key = name.Length > MaxNameLength ? name[..MaxNameLength] : name;
        counts[key] = counts.GetValueOrDefault(key) + 1;
    }
}
