using System.Text.Json.Serialization;

namespace Pipeline.Host.Monitoring;

/// <summary>A golden query: after each sync, <see cref="Expect"/> must be among the <see cref="K"/> documents it retrieves first.</summary>
public sealed record CanarySettings
{
    [JsonPropertyName("query")]
    public required string Query { get; init; }

    /// <summary>The document's external id, or a file's name without its folder.</summary>
    [JsonPropertyName("expect")]
    public required string Expect { get; init; }

    [JsonPropertyName("k")]
    public int K { get; init; } = 5;
}
