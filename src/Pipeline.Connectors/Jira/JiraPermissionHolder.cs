using System.Text.Json;
using Pipeline.Connectors.Atlassian;

namespace Pipeline.Connectors.Jira;

/// <summary>
/// Who a permission grant or a security level member names, as Jira writes it: <c>holder{type, parameter, value}</c>.
/// For a group, <c>parameter</c> is the group name and <c>value</c> its id; for other types <c>value</c> repeats
/// <c>parameter</c> (a user's account id, a project role's id, an application's name) or both are absent.
/// </summary>
public sealed record JiraPermissionHolder(string Type, string? Parameter, string? Value)
{
    public const string Anyone = "anyone";
    public const string ApplicationRole = "applicationRole";
    public const string User = "user";
    public const string Group = "group";
    public const string ProjectRole = "projectRole";
    public const string Reporter = "reporter";
    public const string Assignee = "assignee";
    public const string ProjectLead = "projectLead";

    /// <summary>
    /// The id the holder names: <c>value</c> when given (a group's id outlives a rename), else <c>parameter</c>.
    /// </summary>
    public string? Id => !string.IsNullOrWhiteSpace(Value) ? Value.Trim() : string.IsNullOrWhiteSpace(Parameter) ? null : Parameter.Trim();

    /// <summary>The holder of a grant or member object; a missing holder or type reads as an unknown type ("").</summary>
    public static JiraPermissionHolder From(JsonElement grantOrMember)
    {
        if (JsonLookup.Property(grantOrMember, "holder") is not { ValueKind: JsonValueKind.Object } holder)
        {
            return new JiraPermissionHolder("", null, null);
        }
        return new JiraPermissionHolder(
            JsonLookup.String(holder, "type") ?? "",
            JsonLookup.String(holder, "parameter"),
            JsonLookup.String(holder, "value"));
    }
}
