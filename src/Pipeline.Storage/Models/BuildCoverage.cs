namespace Pipeline.Storage.Models;

/// <summary>A source's chunks against one model: how many there are, and how many (and how many tokens) lack its vector.</summary>
public sealed record BuildCoverage(long Chunks, long Missing, long MissingTokens)
{
    public long Embedded => Chunks - Missing;
}
