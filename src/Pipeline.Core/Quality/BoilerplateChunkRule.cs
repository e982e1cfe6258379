using System.Text.Json.Serialization;

namespace Pipeline.Core.Quality;

/// <summary>
/// A chunk that is mostly boilerplate: lines matching the built-in or configured patterns (copyright notices,
/// "page N of M", "intentionally left blank") or lines repeated across many chunks of the document.
/// </summary>
public sealed class BoilerplateChunkRule() : QualityRule(QualitySeverity.Warn)
{
    /// <summary>Largest acceptable share (0–1) of the chunk's non-whitespace characters in boilerplate lines.</summary>
    [JsonPropertyName("maxRatio")]
    public double MaxRatio { get; init; } = 0.5;

    /// <summary>A line found in at least this many chunks of one document counts as boilerplate (a running header the extractor kept).</summary>
    [JsonPropertyName("repeatedLineMinChunks")]
    public int RepeatedLineMinChunks { get; init; } = 3;

    /// <summary>Extra case-insensitive regular expressions; a line any of them matches counts as boilerplate.</summary>
    [JsonPropertyName("patterns")]
    public IReadOnlyList<string> Patterns { get; init; } = [];
}
