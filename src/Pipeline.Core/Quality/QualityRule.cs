using System.Text.Json.Serialization;

namespace Pipeline.Core.Quality;

/// <summary>A rule's setting in a job's <c>quality</c> object: its severity, plus the rule's own threshold in subclasses.</summary>
public abstract class QualityRule(QualitySeverity severity)
{
    [JsonPropertyName("severity")]
    public QualitySeverity Severity { get; init; } = severity;

    [JsonIgnore]
    public bool IsOn => Severity != QualitySeverity.Off;
}
