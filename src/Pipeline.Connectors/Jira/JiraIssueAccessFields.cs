using System.Text.Json;
using Pipeline.Connectors.Atlassian;

namespace Pipeline.Connectors.Jira;

/// <summary>
/// What an issue's access depends on besides its project's configuration: the security level it is under, and the
/// people Browse grants to <c>reporter</c> and <c>assignee</c> name.
/// </summary>
/// <param name="SecurityLevelId">The id of <c>fields.security</c>; null when the issue has no security level.</param>
/// <param name="ReporterAccountId">Null when the issue has no reporter (anonymous, or a deleted account).</param>
/// <param name="AssigneeAccountId">Null when unassigned.</param>
public sealed record JiraIssueAccessFields(
    string Key, string ProjectKey, string? SecurityLevelId, string? ReporterAccountId, string? AssigneeAccountId)
{
    /// <summary>The fields to request wherever an issue is read for its access.</summary>
    public static readonly IReadOnlyList<string> Names = ["project", "security", "reporter", "assignee"];

    /// <summary>
    /// Read from an issue's <c>fields</c>. The project is the issue's own, else the key's prefix (a key is always
    /// PROJECT-N). Data Center names people by <c>name</c>/<c>key</c> where Cloud has <c>accountId</c>.
    /// </summary>
    public static JiraIssueAccessFields From(string key, JsonElement fields)
    {
        var project = JsonLookup.Property(fields, "project") is { } value ? JsonLookup.String(value, "key") : null;
        var security = JsonLookup.Property(fields, "security") is { ValueKind: JsonValueKind.Object } level
            ? JsonLookup.String(level, "id")
            : null;
        return new JiraIssueAccessFields(key, string.IsNullOrWhiteSpace(project) ? ProjectOf(key) : project,
            string.IsNullOrWhiteSpace(security) ? null : security, Person(fields, "reporter"), Person(fields, "assignee"));
    }

    /// <summary>The project key of an issue key (<c>OPS-12</c> → <c>OPS</c>).</summary>
    public static string ProjectOf(string issueKey)
    {
        var dash = issueKey.LastIndexOf('-');
        return dash > 0 ? issueKey[..dash] : issueKey;
    }

    private static string? Person(JsonElement fields, string name)
    {
        if (JsonLookup.Property(fields, name) is not { ValueKind: JsonValueKind.Object } person)
        {
            return null;
        }
        var id = JsonLookup.String(person, "accountId") ?? JsonLookup.String(person, "name");
        return string.IsNullOrWhiteSpace(id) ? null : id;
    }
}
