using Pipeline.Storage.Access;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Storage.Monitoring;

/// <param name="Rank">1-based rank of the expected document among the distinct documents retrieved; null when not in the top k.</param>
/// <param name="TopDocument">What came first instead, so a miss says what the query finds now.</param>
public sealed record CanaryRank(int? Rank, string? TopDocument);

/// <summary>A golden query: what to ask, which document should come back, within how many documents, and for whom.</summary>
/// <param name="Caller">Whose search it is (a canary of a restricted space asks as a member); null for an anonymous caller.</param>
public sealed record CanaryQuery(string Query, string Expect, int K, SearchCaller? Caller = null);

/// <summary>
/// Where a golden query's expected document ranks in one source, asked through the <see cref="Retriever"/> exactly as
/// <c>query</c> asks (the source's active model, the service's search mode): the chunks it returns, cut at
/// <see cref="SearchOptions.Candidates"/>, give documents in the order of their first chunk. So a canary tests what users
/// get, and <c>query --top CANDIDATES</c> shows the same order.
/// </summary>
public sealed class CanaryRanking(Retriever retriever)
{
    public async Task<IReadOnlyList<CanaryRank>> RankAsync(IReadOnlyList<CanaryQuery> canaries, string source, CancellationToken cancellationToken)
    {
        var hits = new IReadOnlyList<Index.SearchHit>[canaries.Count];
        // One batched search per caller: each asks as its own caller, with that caller's access filter.
        foreach (var group in canaries.Select((canary, i) => (canary, i)).GroupBy(c => c.canary.Caller ?? SearchCaller.Anonymous, CallerComparer.Instance))
        {
            var found = await retriever.SearchAsync(group.Select(c => c.canary.Query).ToList(), retriever.Options.Candidates, model: null, group.Key, cancellationToken, source);
            foreach (var (item, answer) in group.Zip(found))
            {
                hits[item.i] = answer;
            }
        }
        return canaries.Select((canary, i) =>
        {
            var documents = hits[i].Select(h => h.Document).Distinct(StringComparer.Ordinal).ToList();
            var index = documents.FindIndex(d => Matches(d, canary.Expect));
            return new CanaryRank(index < 0 || index >= canary.K ? null : index + 1, documents.FirstOrDefault());
        }).ToList();
    }

    /// <summary>A canary names a document by its external id or, for files, by its file name alone.</summary>
    public static bool Matches(string externalId, string expect) =>
        externalId == expect || externalId.EndsWith("/" + expect, StringComparison.Ordinal);

    /// <summary>Callers holding the same principals search alike.</summary>
    private sealed class CallerComparer : IEqualityComparer<SearchCaller>
    {
        public static CallerComparer Instance { get; } = new();

        public bool Equals(SearchCaller? x, SearchCaller? y) =>
            x is not null && y is not null && x.Admin == y.Admin && x.Principals.SequenceEqual(y.Principals, StringComparer.Ordinal);

        public int GetHashCode(SearchCaller caller) => HashCode.Combine(caller.Admin, string.Join('\n', caller.Principals));
    }
}
