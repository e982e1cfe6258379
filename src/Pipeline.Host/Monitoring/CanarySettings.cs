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

    /// <summary>
    /// Who asks, as results and pages show it: <c>anonymous</c>, <c>principals group:ops</c>, or <c>as a…@example.com</c>
    /// (the address shortened: results are stored, and the address is already in the job file for whoever needs it).
    /// </summary>
    public string CallerLabel()
    {
        if (!string.IsNullOrWhiteSpace(As))
        {
            var address = As.Trim();
            var at = address.LastIndexOf('@');
            return at > 0 ? $"as {address[0]}…{address[at..]}" : "as a user";
        }
        return Principals is { Count: > 0 } ? "principals " + string.Join(",", Principals) : Storage.Monitoring.CanaryResult.Anonymous;
    }
}
