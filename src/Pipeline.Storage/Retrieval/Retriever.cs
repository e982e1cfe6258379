using Npgsql;
using Pipeline.Core.Embedding;
using Pipeline.Storage.Access;
using Pipeline.Storage.Index;
using Pipeline.Storage.Models;

namespace Pipeline.Storage.Retrieval;

/// <summary>
/// The one way from a question to ranked chunks: <c>query</c>, <c>eval</c>, the canaries and the API go through here,
/// so what <c>eval</c> measures is what a query returns. Dense: each source is searched with its active model only, the
/// question embedded as that model embeds queries (Arctic's retrieval prefix; MiniLM has none). Lexical: BM25 over the
/// same chunks (<see cref="LexicalSearch"/>). Hybrid: both, fused by reciprocal rank (<see cref="ReciprocalRankFusion"/>) or by normalised
/// score (<see cref="ConvexCombinationFusion"/>), as <see cref="SearchOptions.Fusion"/> says.
/// </summary>
/// <remarks>
/// The active models and their vectors are read in one transaction holding <see cref="ModelSwitchLock"/> shared, so
/// a search served during <c>models activate</c> sees the index wholly before or wholly after the switch, and
/// <c>models drop</c> cannot remove the vectors it is reading. Sources on different active models are searched
/// model by model and merged by score.
/// </remarks>
public sealed class Retriever(IEmbedderCatalog embedders, ChunkSearch dense, LexicalSearch lexical, SourceModels sourceModels, SearchOptions options, NpgsqlDataSource dataSource)
{
    /// <summary>The service's default model (<c>PIPELINE_EMBEDDING_MODEL</c>).</summary>
    public EmbeddingModelInfo DefaultModel => embedders.Default.Model;

    public SearchOptions Options => options;

    /// <summary>Query vectors of <paramref name="model"/> (registry id or name), in order, in one batched call.</summary>
    public async Task<IReadOnlyList<float[]>> EmbedQueriesAsync(IReadOnlyList<string> questions, string model, CancellationToken cancellationToken) =>
        (await embedders.Get(model).EmbedQueriesAsync(questions, cancellationToken)).Vectors;

    /// <summary>The model the source's searches use (its active one; the default before its first sync): what drift judges.</summary>
    public async Task<EmbeddingModelInfo> ActiveModelAsync(string source, CancellationToken cancellationToken) => (await sourceModels.ActiveAsync(source, cancellationToken) is { } active ? embedders.Get(active) : embedders.Default).Model;

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string question, int top, SearchCaller caller, CancellationToken cancellationToken, RetrievalMode? mode = null) =>
        (await SearchAsync([question], top, null, caller, cancellationToken, mode: mode))[0];

    /// <summary>Ranked hits per question, best first.</summary>
    /// <param name="model">Search only this model's vectors, in every source that has them, active or not (to judge a
    /// model before switching to it); null for each source's active model.</param>
    /// <param name="source">Only this source (a job's); null for every source.</param>
    /// <param name="mode">How to rank; null for <see cref="SearchOptions.Mode"/>.</param>
    /// <param name="caller">Whose search it is: only documents the caller may read are ranked at all.</param>
    public async Task<IReadOnlyList<IReadOnlyList<SearchHit>>> SearchAsync(IReadOnlyList<string> questions, int top, string? model, SearchCaller caller, CancellationToken cancellationToken, string? source = null, RetrievalMode? mode = null)
    {
        var how = mode ?? options.Mode;
        // Each ranking is cut deeper than the answer, so a chunk ranked low by one and high by the other can still rise.
        var depth = how == RetrievalMode.Dense ? top : Math.Max(top, options.Candidates);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ModelSwitchLock.ShareAsync(connection, transaction, cancellationToken);
        var named = model is null ? null : embedders.Get(model).Model.Id;
        var vectorRanked = how == RetrievalMode.Lexical
            ? null
            : await DenseAsync(questions, depth, named, source, caller, connection, transaction, cancellationToken);
        var results = new List<IReadOnlyList<SearchHit>>(questions.Count);
        for (var i = 0; i < questions.Count; i++)
        {
            var termRanked = how == RetrievalMode.Dense
                ? null
                : await lexical.SearchAsync(questions[i], depth, named, source, caller, connection, transaction, cancellationToken);
            results.Add(how switch
            {
                RetrievalMode.Dense => vectorRanked![i].Take(top).ToList(),
                RetrievalMode.Lexical => termRanked!.Take(top).ToList(),
                _ when options.Fusion == FusionMethod.Convex => ConvexCombinationFusion.Fuse(vectorRanked![i], options.DenseWeight, termRanked!, options.LexicalWeight, top),
                _ => ReciprocalRankFusion.Fuse(vectorRanked![i], options.DenseWeight, termRanked!, options.LexicalWeight, top),
            });
        }
        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    private async Task<List<List<SearchHit>>> DenseAsync(IReadOnlyList<string> questions, int depth, string? named, string? source, SearchCaller caller,
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var models = named is not null
            ? [named]
            : (await SourceModels.AllAsync(connection, transaction, cancellationToken)).Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var merged = questions.Select(_ => new List<SearchHit>()).ToList();
        foreach (var name in models)
        {
            var embedder = embedders.Get(name);
            var vectors = (await embedder.EmbedQueriesAsync(questions, cancellationToken)).Vectors;
            for (var i = 0; i < questions.Count; i++)
            {
                merged[i].AddRange(await dense.SearchAsync(vectors[i], embedder.Model, depth, activeOnly: named is null, caller, cancellationToken, connection, transaction, source));
            }
        }
        return merged.Select(hits => hits.OrderByDescending(h => h.Score).Take(depth).ToList()).ToList();
    }
}
