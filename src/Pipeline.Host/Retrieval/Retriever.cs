using Pipeline.Core.Embedding;
using Pipeline.Storage.Index;

namespace Pipeline.Host.Retrieval;

/// <summary>
/// The one way from a question to ranked chunks: embed the question as the running model embeds queries, then take the
/// nearest chunks of that model. <c>query</c>, <c>eval</c> and the canaries go through here, so what <c>eval</c> measures is
/// what a query returns.
/// </summary>
public sealed class Retriever(IEmbedder embedder, ChunkSearch search)
{
    public EmbeddingModelInfo Model => embedder.Model;

    /// <summary>
    /// Query vectors, in order, in one batched call, with the running model's query handling (Arctic's retrieval
    /// prefix; MiniLM has none).
    /// </summary>
    public async Task<IReadOnlyList<float[]>> EmbedQueriesAsync(IReadOnlyList<string> questions, CancellationToken cancellationToken) =>
        (await embedder.EmbedQueriesAsync(questions, cancellationToken)).Vectors;

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string question, int top, CancellationToken cancellationToken) =>
        (await SearchAsync([question], top, cancellationToken))[0];

    /// <summary>Ranked hits per question, best first; the questions are embedded together, then searched one by one.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<SearchHit>>> SearchAsync(IReadOnlyList<string> questions, int top, CancellationToken cancellationToken)
    {
        var vectors = await EmbedQueriesAsync(questions, cancellationToken);
        var hits = new List<IReadOnlyList<SearchHit>>(questions.Count);
        foreach (var vector in vectors)
        {
            hits.Add(await search.SearchAsync(vector, embedder.Model.Sha256, top, cancellationToken));
        }
        return hits;
    }
}
