namespace Pipeline.Connectors.Jira;

/// <summary>What access needs of a project (<c>GET project/{key}</c>): its lead, whom a <c>projectLead</c> grant names.</summary>
/// <param name="LeadAccountId">Null when the project has no lead (or it is a deleted account).</param>
public sealed record JiraProject(string Key, string? LeadAccountId);
