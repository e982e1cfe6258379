namespace Pipeline.Connectors.Jira;

/// <summary>An Atlassian account as a group member list or a user lookup shows it.</summary>
/// <param name="Email">Lower case; null when the account's profile visibility hides it (the usual case on Cloud).</param>
public sealed record JiraAccount(string AccountId, string? Email);
