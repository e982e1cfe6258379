using System.Globalization;
using System.Text.Json;
using Pipeline.Connectors.Atlassian;
using Pipeline.Core.Sources;

namespace Pipeline.Connectors.Confluence;

/// <summary>One page as v2 describes it; <see cref="Storage"/> only when the body was asked for.</summary>
/// <param name="Status"><c>current</c>, <c>archived</c>, <c>trashed</c>, <c>deleted</c>, <c>draft</c>…</param>
/// <param name="VersionCreatedAt">When the current version was made (ISO, <c>…Z</c>).</param>
/// <param name="WebUi">Path of the page in the web UI, relative to <c>SITE/wiki</c>.</param>
public sealed record ConfluencePage(
    string Id, string Status, string Title, string? SpaceId, long? Version, string? VersionCreatedAt, string? WebUi, string? Storage)
{
    public bool IsCurrent => string.Equals(Status, "current", StringComparison.OrdinalIgnoreCase);

    /// <summary>The page's parent (a page, folder, whiteboard…), or null at the top of the space.</summary>
    public string? ParentId { get; init; }

    /// <summary><c>page</c>, <c>folder</c>, <c>whiteboard</c>, <c>database</c>, <c>embed</c>; null when v2 does not say.</summary>
    public string? ParentType { get; init; }

    public DocumentReference ToReference() =>
        new(Id, Version?.ToString(CultureInfo.InvariantCulture) ?? "unknown", AtlassianTimestamp.Parse(VersionCreatedAt));

    /// <summary>The page, or null when the entry has no id (nothing could refer to it).</summary>
    public static ConfluencePage? From(JsonElement page)
    {
        if (JsonLookup.String(page, "id") is not { Length: > 0 } id)
        {
            return null;
        }
        var version = JsonLookup.Property(page, "version");
        var storage = JsonLookup.Property(page, "body") is { } body && JsonLookup.Property(body, "storage") is { } representation
            ? JsonLookup.String(representation, "value")
            : null;
        return new ConfluencePage(
            id,
            JsonLookup.String(page, "status") ?? "current",
            JsonLookup.String(page, "title") ?? "",
            JsonLookup.String(page, "spaceId"),
            version is { } v ? JsonLookup.Long(v, "number") : null,
            version is { } w ? JsonLookup.String(w, "createdAt") : null,
            JsonLookup.Property(page, "_links") is { } links ? JsonLookup.String(links, "webui") : null,
            storage)
        {
            ParentId = JsonLookup.String(page, "parentId") is { Length: > 0 } parent ? parent : null,
            ParentType = JsonLookup.String(page, "parentType"),
        };
    }
}
