namespace Pipeline.Connectors.Jira;

/// <summary>The members of one issue security level, as holders (users, groups, roles, reporter…).</summary>
/// <param name="Truncated">More members were there than the bound allowed: the level cannot be expressed in full.</param>
public sealed record JiraLevelMembers(IReadOnlyList<JiraPermissionHolder> Holders, bool Truncated);
