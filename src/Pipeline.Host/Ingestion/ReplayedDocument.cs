using System.Text.Json.Serialization;

namespace Pipeline.Host.Ingestion;

/// <param name="Outcome"><c>resolved</c> (all chunks indexed, rows deleted), <c>still-failing</c>, <c>failed</c> (quarantined), <c>deleted</c> (gone from the source) or <c>skipped</c> (ad-hoc source).</param>
/// <param name="Remaining">Dead letters the document still has.</param>
public sealed record ReplayedDocument(
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("document")] string Document,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("run_id")] long? RunId,
    [property: JsonPropertyName("remaining")] int Remaining,
    [property: JsonPropertyName("message")] string? Message);
