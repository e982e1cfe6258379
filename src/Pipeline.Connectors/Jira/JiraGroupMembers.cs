namespace Pipeline.Connectors.Jira;

/// <summary>The members of one group, as far as they were read.</summary>
/// <param name="Truncated">More members were there than the bound allowed; the rest were not read.</param>
public sealed record JiraGroupMembers(IReadOnlyList<JiraAccount> Members, bool Truncated);
