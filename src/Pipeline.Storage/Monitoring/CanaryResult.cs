using System.Text.Json.Serialization;

namespace Pipeline.Storage.Monitoring;

public sealed record CanaryResult(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("expect")] string Expect,
    [property: JsonPropertyName("k")] int K,
    [property: JsonPropertyName("rank")] int? Rank,
    [property: JsonPropertyName("top_document")] string? TopDocument,
    [property: JsonPropertyName("caller")] string Caller = CanaryResult.Anonymous)
{
    /// <summary>The caller of a canary that names none: it sees public and everyone documents only.</summary>
    public const string Anonymous = "anonymous";

    [JsonPropertyName("hit")]
    public bool Hit => Rank is not null;
}
