namespace Pipeline.Connectors.Atlassian;

/// <summary>
/// The site answered, but not with something usable: an HTML login or proxy page instead of JSON, malformed JSON,
/// a body over the size limit, an unexpected status, or throttling that outlasted the retries.
/// </summary>
/// <param name="reason">Short stable code (<c>not-json</c>, <c>malformed</c>, <c>too-large</c>, <c>status</c>, <c>throttled</c>, <c>timeout</c>, <c>unreachable</c>, <c>unavailable</c>, <c>no-space</c>).</param>
public sealed class SourceResponseException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Short stable code, usable as a document's failure reason.</summary>
    public string Reason { get; } = reason;
}
