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
        var fused = new FusedScores();
        fused.Add(dense, (rank, _) => denseWeight / (k + rank));
        fused.Add(lexical, (rank, _) => lexicalWeight / (k + rank));
        return fused.Top(top);
    }
}
