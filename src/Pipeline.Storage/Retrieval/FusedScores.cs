using Pipeline.Storage.Index;

namespace Pipeline.Storage.Retrieval;

/// <summary>
/// What both fusions share: a chunk's shares from each ranking summed, and one deterministic order of the result.
/// </summary>
internal sealed class FusedScores
{
    private readonly Dictionary<(string, string, int), (SearchHit Hit, double Score, int BestRank)> _fused = new();

    /// <summary>Adds <paramref name="share"/>(rank, hit) for each hit of a ranking, best first.</summary>
    public void Add(IReadOnlyList<SearchHit> ranking, Func<int, SearchHit, double> share)
    {
        for (var i = 0; i < ranking.Count; i++)
        {
            var hit = ranking[i];
            var key = (hit.Source, hit.Document, hit.Chunk);
            var score = share(i + 1, hit);
            // The first list's hit is kept: the dense one names the model whose vectors ranked it.
            _fused[key] = _fused.TryGetValue(key, out var seen)
                ? (seen.Hit, seen.Score + score, Math.Min(seen.BestRank, i + 1))
                : (hit, score, i + 1);
        }
    }

    /// <returns>Best first, <see cref="SearchHit.Score"/> the fused score; ties go to the chunk with the better single
    /// rank, then to the earlier source, document and chunk, so the order is deterministic.</returns>
    public IReadOnlyList<SearchHit> Top(int top) =>
        _fused.Values
            .OrderByDescending(f => f.Score).ThenBy(f => f.BestRank)
            .ThenBy(f => f.Hit.Source, StringComparer.Ordinal).ThenBy(f => f.Hit.Document, StringComparer.Ordinal).ThenBy(f => f.Hit.Chunk)
            .Take(top)
            .Select(f => f.Hit with { Score = f.Score })
            .ToList();
}
