using System.Text.Json;

namespace Pipeline.Connectors.Atlassian;

/// <summary>A parsed JSON answer of an Atlassian API, with what paging needs from its headers.</summary>
/// <param name="NextLink">The <c>Link: &lt;…&gt;; rel="next"</c> target, when the response has one (Confluence v2).</param>
public sealed class AtlassianResponse(JsonDocument document, Uri url, string? nextLink) : IDisposable
{
    public JsonElement Root => document.RootElement;

    public Uri Url { get; } = url;

    public string? NextLink { get; } = nextLink;

    public void Dispose() => document.Dispose();
}
