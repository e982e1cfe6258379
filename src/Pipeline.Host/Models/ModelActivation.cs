using System.Text.Json.Serialization;

namespace Pipeline.Host.Models;

/// <summary>What <c>models activate</c> did.</summary>
public sealed record ModelActivation(
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("previous_model")] string PreviousModel,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("forced")] bool Forced,
    [property: JsonPropertyName("evaluation")] ModelComparison? Evaluation);
