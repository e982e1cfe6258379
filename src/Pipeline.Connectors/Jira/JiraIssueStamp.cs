using Pipeline.Connectors.Atlassian;
using Pipeline.Core.Sources;

namespace Pipeline.Connectors.Jira;

/// <summary>What a cheap search (<c>fields=updated</c>) says about one issue.</summary>
/// <param name="Updated">The raw <c>fields.updated</c> string: the document version, compared as text.</param>
public sealed record JiraIssueStamp(string Id, string Key, string? Updated)
{
    public DocumentReference ToReference() => new(Key, Updated ?? "unknown", AtlassianTimestamp.Parse(Updated));
}
