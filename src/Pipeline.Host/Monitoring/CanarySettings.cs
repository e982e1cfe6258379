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

    /// <summary>Ask as this user (an e-mail address, resolved like <c>query --as</c>); absent for an anonymous caller.</summary>
    [JsonPropertyName("as")]
    public string? As { get; init; }

    /// <summary>Ask holding exactly these principals (like <c>query --principals</c>).</summary>
    [JsonPropertyName("principals")]
    public IReadOnlyList<string>? Principals { get; init; }
}
