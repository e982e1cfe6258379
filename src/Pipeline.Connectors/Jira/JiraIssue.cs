using System.Text.Json;
using Pipeline.Connectors.Atlassian;

namespace Pipeline.Connectors.Jira;

/// <summary>One issue as read for ingestion: its id, current key and the requested fields (a detached copy).</summary>
public sealed record JiraIssue(string Id, string Key, JsonElement Fields)
{
    /// <summary>
    /// The comments embedded in the issue, when they are all there; null when Jira capped them (it embeds a first
    /// page only) and the comment endpoint must be paged.
    /// </summary>
    public IReadOnlyList<JiraComment>? CompleteEmbeddedComments()
    {
        if (JsonLookup.Property(Fields, "comment") is not { ValueKind: JsonValueKind.Object } comment)
        {
            return null;
        }
        var comments = JsonLookup.Array(comment, "comments").Select(JiraComment.From).ToList();
        return JsonLookup.Long(comment, "total") is { } total && comments.Count >= total ? comments : null;
    }
}
