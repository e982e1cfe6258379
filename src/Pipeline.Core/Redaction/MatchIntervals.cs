namespace Pipeline.Core.Redaction;

/// <summary>
/// Non-overlapping matches kept ordered by start, so a new match is checked against its two neighbours only, in
/// logarithmic time: a hostile text can yield hundreds of thousands of matches.
/// </summary>
internal sealed class MatchIntervals
{
    private static readonly Comparer<SensitiveMatch> ByStart = Comparer<SensitiveMatch>.Create((a, b) => a.Start.CompareTo(b.Start));

    // Kept matches never share a start (they would overlap), so ordering by start alone is a total order here.
    private readonly SortedSet<SensitiveMatch> _kept = new(ByStart);

    /// <returns>False when <paramref name="match"/> overlaps a match already kept.</returns>
    public bool AddIfFree(SensitiveMatch match)
    {
        var probe = new SensitiveMatch(match.Detector, match.Start, 0);
        var before = _kept.GetViewBetween(Bound(int.MinValue), probe).Max;
        if (before is not null && before.End > match.Start)
        {
            return false;
        }
        var after = _kept.GetViewBetween(probe, Bound(int.MaxValue)).Min;
        if (after is not null && after.Start < match.End)
        {
            return false;
        }
        return _kept.Add(match);
    }

    public IReadOnlyList<SensitiveMatch> InTextOrder() => [.. _kept];

    private static SensitiveMatch Bound(int start) => new(string.Empty, start, 0);
}
