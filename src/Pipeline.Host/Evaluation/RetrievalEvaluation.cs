using Pipeline.Core.Evaluation;
using Pipeline.Storage.Retrieval;
using Pipeline.Storage.Index;

namespace Pipeline.Host.Evaluation;

/// <summary>
/// Scores the live index on a question set through the <see cref="Retriever"/>, by the rules of the reference scorer:
/// what <c>eval</c> prints and what <c>models plan</c> and <c>activate</c> compare.
/// </summary>
public sealed class RetrievalEvaluation(Retriever retriever, ChunkExport chunks)
{
    /// <param name="model">Evaluate this model's vectors (active or not); null for each source's active model.</param>
    /// <param name="source">Only this source's chunks; null for the whole index.</param>
    /// <param name="resultsOut">Also write the ranked results as the scorer reads them.</param>
    /// <param name="chunksOut">Also write every chunk the evaluated vectors cover.</param>
    /// <param name="mode">How to rank; null for the service's default (<c>PIPELINE_SEARCH_MODE</c>).</param>
    /// <param name="caller">Whose search (<c>eval --as</c>); null for the operator's view of the whole index (models plan and
    /// activate, drift, bench compare models over every document that is not hidden).</param>
    public async Task<RetrievalReport> EvaluateAsync(IReadOnlyList<EvalQuestion> questions, int k, string? model, string? source, CancellationToken cancellationToken,
        ScorerInputFile? resultsOut = null, ScorerInputFile? chunksOut = null, RetrievalMode? mode = null, Storage.Access.SearchCaller? caller = null)
    {
        var hits = await retriever.SearchAsync(questions.Select(q => q.Question).ToList(), k, model, caller ?? Storage.Access.SearchCaller.Administrator, cancellationToken, source, mode);
        var ranked = hits.Select(h => (IReadOnlyList<RankedText>)h.Select(x => new RankedText(x.Document, x.Text)).ToList()).ToList();
        for (var i = 0; i < questions.Count; i++)
        {
            resultsOut?.WriteResults(questions[i].Id, ranked[i].Select(r => (r.Document, r.Text)));
        }
        var answerable = new AnswerableQuestions(questions);
        // The chunks the evaluated vectors cover: those of that model, or those with their source's active model's.
        await foreach (var chunk in chunks.ReadAsync(false, cancellationToken, model, source))
        {
            if (chunk.ModelId.Length > 0)
            {
                answerable.Add(chunk.Document, chunk.Text);
                chunksOut?.WriteChunkLine(chunk.Document, chunk.Text);
            }
        }
        return RetrievalScorer.Score(questions, ranked, answerable.Found, k);
    }
}
