using System.Globalization;
using System.Text.Json.Nodes;

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>A page held by <see cref="FakeConfluence"/>; change it through the fake so its version moves.</summary>
public sealed class FakeConfluencePage
{
    public required string Id { get; init; }

    public required string SpaceId { get; set; }

    public required string Title { get; set; }

    /// <summary>Parent page id, or null for a top-level page.</summary>
    public string? ParentId { get; set; }

    /// <summary>The parent's type (<c>page</c>, <c>folder</c>), as v2 gives it with <c>parentId</c>.</summary>
    public string? ParentType { get; set; }

    /// <summary><c>page</c>, or <c>folder</c> for a container the page endpoints do not serve.</summary>
    public string Type { get; init; } = "page";

    /// <summary><c>current</c>, <c>trashed</c>, <c>archived</c>, <c>draft</c>…</summary>
    public string Status { get; set; } = "current";

    public int Version { get; set; } = 1;

    public DateTimeOffset VersionCreatedAt { get; set; } = new(2024, 2, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The body in storage format (XHTML with <c>ac:</c>/<c>ri:</c> elements).</summary>
    public string Storage { get; set; } = "<p></p>";

    internal JsonObject ToJson(string spaceKey, bool withBody)
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["status"] = Status,
            ["title"] = Title,
            ["spaceId"] = SpaceId,
            ["parentId"] = ParentId,
            ["parentType"] = ParentId is null ? null : ParentType ?? "page",
            ["position"] = 0,
            ["authorId"] = "5b10a2844c20165700ede21g",
            ["ownerId"] = "5b10a2844c20165700ede21g",
            ["createdAt"] = "2023-06-01T08:00:00.000Z",
            ["version"] = new JsonObject
            {
                ["createdAt"] = VersionCreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["message"] = "",
                ["number"] = Version,
                ["minorEdit"] = false,
                ["authorId"] = "5b10a2844c20165700ede21g",
            },
            ["_links"] = new JsonObject
            {
                ["webui"] = $"/spaces/{spaceKey}/pages/{Id}/{Uri.EscapeDataString(Title.Replace(' ', '+'))}",
                ["editui"] = $"/pages/resumedraft.action?draftId={Id}",
                ["tinyui"] = $"/x/{Id}",
            },
        };
        if (withBody)
        {
            json["body"] = new JsonObject { ["storage"] = new JsonObject { ["representation"] = "storage", ["value"] = Storage } };
        }
        return json;
    }
}
