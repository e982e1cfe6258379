using System.Text.Json.Serialization;

namespace Pipeline.Core.Evaluation;

/// <summary>
/// The scorer's figures for a group of questions, each already rounded as the reference scorer rounds it (4 decimals).
/// <paramref name="Answerable"/>: the share whose answer is in at least one stored chunk of the right file.
/// </summary>
/// <remarks>JSON names are the reference scorer's; MRR and hits are at the k of the evaluation that made them.</remarks>
public sealed record RetrievalFigures(
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("recall@1")] double RecallAt1,
    [property: JsonPropertyName("recall@5")] double RecallAt5,
    [property: JsonPropertyName("mrr@k")] double Mrr,
    [property: JsonPropertyName("hits@k")] double Hits,
    [property: JsonPropertyName("answerable")] double Answerable)
{
    /// <param name="ranks">The first hit's 1-based rank per question, null for a miss within k.</param>
    public static RetrievalFigures Of(IReadOnlyList<int?> ranks, IReadOnlyList<bool> answerable)
    {
        var n = ranks.Count;
        // Summed in question order, as Python's sum() does, so the double is the scorer's to the last bit.
        var reciprocal = 0.0;
        foreach (var rank in ranks)
        {
            if (rank is { } r)
            {
                reciprocal += 1.0 / r;
            }
        }
        return new RetrievalFigures(
            n,
            PythonRounding.Round4((double)ranks.Count(r => r == 1) / n),
            PythonRounding.Round4((double)ranks.Count(r => r <= 5) / n),
            PythonRounding.Round4(reciprocal / n),
            PythonRounding.Round4((double)ranks.Count(r => r is not null) / n),
            PythonRounding.Round4((double)answerable.Count(a => a) / n));
    }
}
