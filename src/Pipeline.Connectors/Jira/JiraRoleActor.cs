using System.Text.Json;
using Pipeline.Connectors.Atlassian;

namespace Pipeline.Connectors.Jira;

/// <summary>
/// One actor of a project role in one project: a user (<c>actorUser.accountId</c>) or a group
/// (<c>actorGroup.groupId</c>, or its name where the site gives no id). Data Center names both by <c>name</c>.
/// </summary>
/// <param name="Type">As Jira writes it (<c>atlassian-user-role-actor</c>, <c>atlassian-group-role-actor</c>), for messages.</param>
public sealed record JiraRoleActor(string Type, string? AccountId, string? GroupId)
{
    private const string UserActor = "atlassian-user-role-actor";
    private const string GroupActor = "atlassian-group-role-actor";

    public static JiraRoleActor From(JsonElement actor)
    {
        var type = JsonLookup.String(actor, "type") ?? "";
        var user = JsonLookup.Property(actor, "actorUser") is { ValueKind: JsonValueKind.Object } actorUser
            ? JsonLookup.String(actorUser, "accountId")
            : null;
        var group = JsonLookup.Property(actor, "actorGroup") is { ValueKind: JsonValueKind.Object } actorGroup
            ? JsonLookup.String(actorGroup, "groupId") ?? JsonLookup.String(actorGroup, "name")
            : null;
        // Data Center (and old Cloud answers) carry only the actor's name, read according to its type.
        if (user is null && group is null)
        {
            var name = JsonLookup.String(actor, "name");
            if (type == UserActor)
            {
                user = name;
            }
            else if (type == GroupActor)
            {
                group = name;
            }
        }
        return new JiraRoleActor(type, Blank(user), Blank(group));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
