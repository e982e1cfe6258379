namespace Pipeline.Connectors.Jira;

/// <summary>The issue security scheme a project uses (<c>GET project/{key}/issuesecuritylevelscheme</c>): its id and its levels' ids.</summary>
public sealed record JiraSecurityScheme(string Id, IReadOnlyList<string> LevelIds);
