using System.Text.Json.Serialization;

namespace Pipeline.Storage.DeadLetters;

/// <summary>One row of <c>pipeline.dead_letters</c>, as <c>deadletters list --json</c> prints it.</summary>
public sealed record DeadLetter(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("document")] string Document,
    [property: JsonPropertyName("chunk")] int Chunk,
    [property: JsonPropertyName("content_hash")] string ContentHash,
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("first_seen")] DateTimeOffset FirstSeen,
    [property: JsonPropertyName("last_seen")] DateTimeOffset LastSeen,
    [property: JsonPropertyName("run_id")] long RunId,
    [property: JsonPropertyName("payload_ref")] string PayloadRef);
