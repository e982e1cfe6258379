using System.Globalization;
using System.Text.Json.Nodes;

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>An issue held by <see cref="FakeJira"/>; change it through the fake so its updated time moves.</summary>
public sealed class FakeJiraIssue
{
    public required string Id { get; init; }

    public required string Key { get; set; }

    public string Summary { get; set; } = "";

    /// <summary>An ADF document (REST v3) or a wiki-markup string (REST v2 / Data Center); null for none.</summary>
    public JsonNode? Description { get; set; }

    public DateTimeOffset Created { get; set; } = new(2024, 1, 2, 9, 0, 0, TimeSpan.FromHours(-8));

    /// <summary>Served in Jira's own style, offset without a colon: <c>2024-01-02T09:00:00.000-0800</c>.</summary>
    public DateTimeOffset Updated { get; set; } = new(2024, 1, 2, 9, 0, 0, TimeSpan.FromHours(-8));

    public string Type { get; set; } = "Task";

    public string Status { get; set; } = "To Do";

    public string Priority { get; set; } = "Medium";

    public List<string> Labels { get; } = [];

    public List<string> Components { get; } = [];

    /// <summary>Comment objects as the comment endpoint returns them (<c>id, author, body, created, updated</c>).</summary>
    public List<JsonNode> Comments { get; } = [];

    /// <summary>Keys the issue had before a move; Jira still resolves them to the issue.</summary>
    public List<string> FormerKeys { get; } = [];

    /// <summary>The issue security level it is under (<c>fields.security</c>); null for none. Set it through <see cref="FakeJira.SetSecurityLevel"/>.</summary>
    public FakeJiraSecurityLevel? Security { get; set; }

    /// <summary>Account id of <c>fields.reporter</c>; null for none.</summary>
    public string? ReporterAccountId { get; set; }

    /// <summary>Account id of <c>fields.assignee</c>; null when unassigned.</summary>
    public string? AssigneeAccountId { get; set; }

    public string ProjectKey => Key[..Key.LastIndexOf('-')];

    /// <summary>Jira's timestamp format: milliseconds and an offset without colon.</summary>
    public static string JiraTime(DateTimeOffset instant)
    {
        var offset = instant.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var magnitude = offset.Duration();
        return instant.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture)
            + $"{sign}{magnitude.Hours:00}{magnitude.Minutes:00}";
    }

    internal JsonObject ToJson(Uri site, string api, ISet<string>? fields, int embeddedCommentLimit)
    {
        var all = fields is null || fields.Contains("*all") || fields.Contains("*navigable");
        bool Wants(string name) => all || fields!.Contains(name);
        var json = new JsonObject();
        if (Wants("summary")) json["summary"] = Summary;
        if (Wants("description")) json["description"] = Description?.DeepClone();
        if (Wants("issuetype")) json["issuetype"] = new JsonObject { ["name"] = Type, ["subtask"] = false };
        if (Wants("status")) json["status"] = new JsonObject { ["name"] = Status };
        if (Wants("priority")) json["priority"] = new JsonObject { ["name"] = Priority };
        if (Wants("labels")) json["labels"] = new JsonArray(Labels.Select(l => (JsonNode)l).ToArray());
        if (Wants("components")) json["components"] = new JsonArray(Components.Select(c => (JsonNode)new JsonObject { ["name"] = c }).ToArray());
        if (Wants("created")) json["created"] = JiraTime(Created);
        if (Wants("updated")) json["updated"] = JiraTime(Updated);
        if (Wants("project")) json["project"] = new JsonObject { ["key"] = ProjectKey, ["name"] = ProjectKey + " project" };
        if (Wants("security"))
        {
            json["security"] = Security is { } level
                ? new JsonObject
                {
                    ["self"] = new Uri(site, $"{api}/securitylevel/{level.Id}").ToString(),
                    ["id"] = level.Id,
                    ["description"] = "",
                    ["name"] = level.Name,
                }
                : null;
        }
        if (Wants("reporter")) json["reporter"] = Person(site, api, ReporterAccountId);
        if (Wants("assignee")) json["assignee"] = Person(site, api, AssigneeAccountId);
        if (Wants("comment"))
        {
            var embedded = Comments.Take(embeddedCommentLimit).Select(c => c.DeepClone()).ToArray();
            json["comment"] = new JsonObject
            {
                ["comments"] = new JsonArray(embedded),
                ["maxResults"] = embedded.Length,
                ["total"] = Comments.Count,
                ["startAt"] = 0,
            };
        }
        return new JsonObject
        {
            ["id"] = Id,
            ["key"] = Key,
            ["self"] = new Uri(site, $"{api}/issue/{Id}").ToString(),
            ["fields"] = json,
        };
    }

    // As Cloud shows a person on an issue: account id and name, no e-mail address (profile visibility hides it).
    private static JsonObject? Person(Uri site, string api, string? accountId) => accountId is null
        ? null
        : new JsonObject
        {
            ["self"] = new Uri(site, $"{api}/user?accountId={accountId}").ToString(),
            ["accountId"] = accountId,
            ["displayName"] = "User " + accountId,
            ["active"] = true,
            ["accountType"] = "atlassian",
        };
}
