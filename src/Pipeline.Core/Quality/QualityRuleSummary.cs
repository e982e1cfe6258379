using System.Text.Json.Serialization;

namespace Pipeline.Core.Quality;

/// <summary>One rule's line in the run's quality report.</summary>
public sealed record QualityRuleSummary(
    [property: JsonPropertyName("severity")] QualitySeverity Severity,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("examples")] IReadOnlyList<QualityExample> Examples);
