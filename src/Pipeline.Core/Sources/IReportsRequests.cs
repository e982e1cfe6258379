namespace Pipeline.Core.Sources;

/// <summary>
/// A source that talks to a remote API and counts its requests, so a run summary can show how hard the source
/// was pushed and how often it was throttled.
/// </summary>
public interface IReportsRequests
{
    /// <summary>Counts since the source was created; a snapshot, safe to read while requests are in flight.</summary>
    SourceRequestCounts Requests { get; }
}

/// <param name="Requests">HTTP attempts sent, retries included.</param>
/// <param name="Retries">Attempts that repeated an earlier failed or throttled one.</param>
/// <param name="Throttled">Responses that asked the client to slow down (429, 503).</param>
public sealed record SourceRequestCounts(
    [property: System.Text.Json.Serialization.JsonPropertyName("requests")] long Requests,
    [property: System.Text.Json.Serialization.JsonPropertyName("retries")] long Retries,
    [property: System.Text.Json.Serialization.JsonPropertyName("throttled")] long Throttled)
{
    public static SourceRequestCounts None { get; } = new(0, 0, 0);
}
