using Npgsql;
using Pipeline.Core.Embedding;
using Pipeline.Host.Models;
using Pipeline.Storage.Index;
using Pipeline.Storage.Models;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Retrieval;

/// <summary>
/// The one way from a question to ranked chunks: <c>query</c>, <c>eval</c>, the canaries and the API go through here,
/// so what <c>eval</c> measures is what a query returns. Each source is searched with its active model only, the
/// question embedded as that model embeds queries (Arctic's retrieval prefix; MiniLM has none).
/// </summary>
/// <remarks>
/// The active models and their vectors are read in one transaction holding <see cref="ModelSwitchLock"/> shared, so
/// a search served during <c>models activate</c> sees the index wholly before or wholly after the switch, and
/// <c>models drop</c> cannot remove the vectors it is reading. Sources on different active models are searched
/// model by model and merged by score.
/// </remarks>
public sealed class Retriever(EmbedderCatalog embedders, ChunkSearch search, NpgsqlDataSource dataSource)
{
    /// <summary>The service's default model (<c>PIPELINE_EMBEDDING_MODEL</c>).</summary>
    public EmbeddingModelInfo DefaultModel => embedders.Default.Model;

    /// <summary>Query vectors of <paramref name="model"/> (registry id or name), in order, in one batched call.</summary>
    public async Task<IReadOnlyList<float[]>> EmbedQueriesAsync(IReadOnlyList<string> questions, string model, CancellationToken cancellationToken) =>
        (await embedders.Get(model).EmbedQueriesAsync(questions, cancellationToken)).Vectors;

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string question, int top, CancellationToken cancellationToken) =>
        (await SearchAsync([question], top, null, cancellationToken))[0];

    /// <summary>Ranked hits per question, best first.</summary>
    /// <param name="model">Search only this model's vectors, in every source that has them, active or not (to judge a
    /// model before switching to it); null for each source's active model.</param>
    /// <param name="source">Only this source (a job's); null for every source.</param>
    /// <param name="mode">How to rank; null for the service's default.</param>
    public async Task<IReadOnlyList<IReadOnlyList<SearchHit>>> SearchAsync(IReadOnlyList<string> questions, int top, string? model, CancellationToken cancellationToken, string? source = null, RetrievalMode? mode = null)
    {
        if (mode is not (null or RetrievalMode.Dense))
        {
            // TEMPORARY until the hybrid slice lands (issue 12): only dense ranking exists yet.
            throw new NotSupportedException($"retrieval mode {mode} is not available yet");
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ModelSwitchLock.ShareAsync(connection, transaction, cancellationToken);
        var models = model is not null
            ? [embedders.Get(model).Model.Id]
            : (await SourceModels.AllAsync(connection, transaction, cancellationToken)).Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var merged = questions.Select(_ => new List<SearchHit>()).ToList();
        foreach (var name in models)
        {
            var embedder = embedders.Get(name);
            var vectors = (await embedder.EmbedQueriesAsync(questions, cancellationToken)).Vectors;
            for (var i = 0; i < questions.Count; i++)
            {
                merged[i].AddRange(await search.SearchAsync(vectors[i], embedder.Model, top, activeOnly: model is null, cancellationToken, connection, transaction, source));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return merged.Select(hits => (IReadOnlyList<SearchHit>)hits.OrderByDescending(h => h.Score).Take(top).ToList()).ToList();
    }
}
