using System.Text.Json.Serialization;

namespace Pipeline.Core.Quality;

/// <summary>One finding quoted in the run's quality report.</summary>
public sealed record QualityExample(
    [property: JsonPropertyName("document")] string Document,
    [property: JsonPropertyName("chunk")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Chunk,
    [property: JsonPropertyName("message")] string Message);
