using Pipeline.Storage.Index;

namespace Pipeline.Storage.Retrieval;

/// <summary>
/// Reciprocal rank fusion: a chunk scores <c>weight / (k + rank)</c> in each ranking it appears in, summed. Only ranks
/// count, so a cosine and a BM25 score, which share no scale, never have to be compared.
/// </summary>
public static class ReciprocalRankFusion
{
    /// <returns>The fused ranking, best first, with <see cref="SearchHit.Score"/> the fused score; ties go to the
    /// chunk with the better single rank, then to the earlier document and chunk, so the order is deterministic.</returns>
    public static IReadOnlyList<SearchHit> Fuse(IReadOnlyList<SearchHit> dense, double denseWeight, IReadOnlyList<SearchHit> lexical, double lexicalWeight, int top, int k = SearchOptions.FusionK)
    {
        var fused = new Dictionary<(string, string, int), (SearchHit Hit, double Score, int BestRank)>();
        Add(dense, denseWeight);
        Add(lexical, lexicalWeight);
        return fused.Values
            .OrderByDescending(f => f.Score).ThenBy(f => f.BestRank)
            .ThenBy(f => f.Hit.Source, StringComparer.Ordinal).ThenBy(f => f.Hit.Document, StringComparer.Ordinal).ThenBy(f => f.Hit.Chunk)
            .Take(top)
            .Select(f => f.Hit with { Score = f.Score })
            .ToList();

        void Add(IReadOnlyList<SearchHit> ranking, double weight)
        {
            for (var i = 0; i < ranking.Count; i++)
            {
                var hit = ranking[i];
                var key = (hit.Source, hit.Document, hit.Chunk);
                var score = weight / (k + i + 1);
                // The first list's hit is kept: the dense one names the model whose vectors ranked it.
                fused[key] = fused.TryGetValue(key, out var seen)
                    ? (seen.Hit, seen.Score + score, Math.Min(seen.BestRank, i + 1))
                    : (hit, score, i + 1);
            }
        }
    }
}
