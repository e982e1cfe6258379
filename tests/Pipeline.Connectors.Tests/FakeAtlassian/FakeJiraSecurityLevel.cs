namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>An issue security level: what an issue's <c>fields.security</c> names, and who its members are.</summary>
public sealed record FakeJiraSecurityLevel(string Id, string Name)
{
    public List<FakeJiraHolder> Members { get; } = [];
}
