using System.Text.Json.Serialization;

namespace Pipeline.Core.Quality;

/// <summary>A chunk with too few tokens to carry meaning on its own (a stray page number, a lone heading).</summary>
public sealed class ChunkTooShortRule() : QualityRule(QualitySeverity.Warn)
{
    /// <summary>Fewest model tokens of embedded text (heading path included) a chunk must have.</summary>
    [JsonPropertyName("minTokens")]
    public int MinTokens { get; init; } = 3;
}
