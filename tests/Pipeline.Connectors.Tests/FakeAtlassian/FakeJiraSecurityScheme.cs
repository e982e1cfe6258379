namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>The issue security scheme of one project, with its levels.</summary>
public sealed class FakeJiraSecurityScheme
{
    public required long Id { get; init; }

    public List<FakeJiraSecurityLevel> Levels { get; } = [];
}
