namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>An account on the fake Confluence site.</summary>
/// <param name="EmailVisible">False for a profile that hides its address: v1 then sends an empty string.</param>
public sealed record FakeConfluenceUser(string AccountId, string DisplayName, string Email, bool EmailVisible);
