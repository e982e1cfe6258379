using System.Text.Json.Serialization;

namespace Pipeline.Core.Quality;

/// <summary>
/// A document too large to be one document: usually a data dump or a concatenation that would flood the index
/// (and the embedding budget) with one source's chunks.
/// </summary>
public sealed class OversizedRule() : QualityRule(QualitySeverity.Reject)
{
    /// <summary>Most characters of text a document may have.</summary>
    [JsonPropertyName("maxCharacters")]
    public long MaxCharacters { get; init; } = 5_000_000;
}
