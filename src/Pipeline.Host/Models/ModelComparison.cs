using System.Text.Json.Serialization;
using Pipeline.Core.Evaluation;

namespace Pipeline.Host.Models;

/// <summary>Eval figures of the active model and of a candidate on a job's question set (<c>evaluation.questions</c>).</summary>
/// <param name="Candidate">Null while the candidate has no vectors for the job (before <c>models build</c>).</param>
public sealed record ModelComparison(
    [property: JsonPropertyName("questions")] string Questions,
    [property: JsonPropertyName("k")] int K,
    [property: JsonPropertyName("active")] RetrievalFigures Active,
    [property: JsonPropertyName("candidate")] RetrievalFigures? Candidate)
{
    /// <summary>The candidate ranks worse (MRR@k) than the active model: <c>activate</c> refuses it unless forced.</summary>
    [JsonIgnore]
    public bool CandidateIsWorse => Candidate is { } c && c.Mrr < Active.Mrr;
}
