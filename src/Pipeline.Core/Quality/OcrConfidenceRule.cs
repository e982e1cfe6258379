using System.Text.Json.Serialization;

namespace Pipeline.Core.Quality;

/// <summary>OCR'd text whose recogniser was unsure of it: the words retrieval matches may not be the document's.</summary>
public sealed class OcrConfidenceRule() : QualityRule(QualitySeverity.Warn)
{
    /// <summary>Lowest acceptable mean OCR confidence (0–100) over the document's OCR'd pages, weighted by their characters.</summary>
    [JsonPropertyName("minConfidence")]
    public double MinConfidence { get; init; } = 40;
}
