namespace Pipeline.Connectors.Confluence;

/// <summary>An account as v1 lists it (group members, bulk lookup).</summary>
/// <param name="Email">Lower case; null when the account's profile hides it (Confluence then sends an empty string).</param>
public sealed record ConfluenceUser(string AccountId, string? Email);
