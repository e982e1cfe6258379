using System.Text.Json.Serialization;

namespace Pipeline.Core.Quality;

/// <summary>A document with (almost) no text: a handful of stray characters is not worth a vector.</summary>
public sealed class EmptyTextRule() : QualityRule(QualitySeverity.Reject)
{
    /// <summary>Fewest non-whitespace characters a document must have.</summary>
    [JsonPropertyName("minCharacters")]
    public int MinCharacters { get; init; } = 20;
}
