using System.Text.Json.Serialization;

namespace Pipeline.Host.Models;

/// <summary>What <c>models build</c> would cost, measured before any work.</summary>
/// <param name="TokensPerSecond">Measured now, on this machine, by embedding <paramref name="SampleChunks"/> of the job's chunks with the model.</param>
/// <param name="BuildTokensPerSecond">The rate of the model's last finished build on this database, when there is one: a whole build's
/// rate, under the load builds actually run with. The estimate uses it when present, else the sample's rate.</param>
public sealed record ModelPlan(
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("active_model")] string ActiveModel,
    [property: JsonPropertyName("chunks")] long Chunks,
    [property: JsonPropertyName("already_embedded")] long AlreadyEmbedded,
    [property: JsonPropertyName("to_embed")] long ToEmbed,
    [property: JsonPropertyName("tokens")] long Tokens,
    [property: JsonPropertyName("sample_chunks")] int SampleChunks,
    [property: JsonPropertyName("tokens_per_second")] double TokensPerSecond,
    [property: JsonPropertyName("build_tokens_per_second")] double? BuildTokensPerSecond,
    [property: JsonPropertyName("estimated_seconds")] double EstimatedSeconds,
    [property: JsonPropertyName("evaluation")] ModelComparison? Evaluation)
{
    [JsonPropertyName("estimated_minutes")]
    public double EstimatedMinutes => Math.Round(EstimatedSeconds / 60, 2);
}
