using System.Text.Json.Nodes;

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>An actor of a project role in one project, as <c>GET project/{key}/role/{id}</c> lists it.</summary>
public sealed record FakeJiraRoleActor(string? AccountId, string? GroupName, string? GroupId)
{
    public static FakeJiraRoleActor User(string accountId) => new(accountId, null, null);

    public static FakeJiraRoleActor Group(string name, string? id) => new(null, name, id);

    internal JsonObject ToJson(int id) => AccountId is { } account
        ? new JsonObject
        {
            ["id"] = id,
            ["displayName"] = "User " + account,
            ["type"] = "atlassian-user-role-actor",
            ["actorUser"] = new JsonObject { ["accountId"] = account },
        }
        : new JsonObject
        {
            ["id"] = id,
            ["displayName"] = GroupName,
            ["type"] = "atlassian-group-role-actor",
            ["name"] = GroupName,
            ["actorGroup"] = new JsonObject { ["name"] = GroupName, ["displayName"] = GroupName, ["groupId"] = GroupId },
        };
}
