using System.Text.Json.Serialization;

namespace Pipeline.Storage.Monitoring;

public sealed record CanaryResult(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("expect")] string Expect,
    [property: JsonPropertyName("k")] int K,
    [property: JsonPropertyName("rank")] int? Rank,
    [property: JsonPropertyName("top_document")] string? TopDocument)
{
    [JsonPropertyName("hit")]
    public bool Hit => Rank is not null;
}
