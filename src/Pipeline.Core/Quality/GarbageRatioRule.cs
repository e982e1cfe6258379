using System.Text.Json.Serialization;

namespace Pipeline.Core.Quality;

/// <summary>Text that is largely not text: replacement characters, control or private-use code points, stray symbols, mojibake.</summary>
/// <remarks>One subclass per level, so that each keeps its own default severity when a job file sets only the ratio.</remarks>
public abstract class GarbageRatioRule(QualitySeverity severity) : QualityRule(severity)
{
    /// <summary>Largest acceptable share (0–1) of garbage among the non-whitespace characters.</summary>
    [JsonPropertyName("maxRatio")]
    public double MaxRatio { get; init; } = 0.3;
}
