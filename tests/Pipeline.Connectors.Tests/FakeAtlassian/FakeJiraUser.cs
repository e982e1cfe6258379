using System.Text.Json.Nodes;

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>An Atlassian account the fake Jira knows.</summary>
/// <param name="Email">As the profile exposes it (any case); null when hidden, as profile visibility usually makes it.</param>
public sealed record FakeJiraUser(string AccountId, string? Email = null)
{
    internal JsonObject ToJson(Uri site, string api)
    {
        var user = new JsonObject
        {
            ["self"] = new Uri(site, $"{api}/user?accountId={AccountId}").ToString(),
            ["accountId"] = AccountId,
            ["accountType"] = "atlassian",
            ["displayName"] = "User " + AccountId,
            ["active"] = true,
            ["timeZone"] = "UTC",
        };
        if (Email is not null)
        {
            user["emailAddress"] = Email;
        }
        return user;
    }
}
