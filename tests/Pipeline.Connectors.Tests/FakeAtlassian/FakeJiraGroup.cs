namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>A group of the fake Jira site: found by id (<c>groupId=</c>) or name (<c>groupname=</c>).</summary>
public sealed class FakeJiraGroup
{
    public required string Name { get; init; }

    public required string Id { get; init; }

    /// <summary>Account ids of the members, in the order the member list pages them.</summary>
    public List<string> Members { get; } = [];
}
