using System.Text.Json.Nodes;

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>
/// A permission grant's or security level member's holder as Jira Cloud documents it:
/// <c>holder{type, parameter, value, expand}</c>. For a group <c>parameter</c> is the name and <c>value</c> the id;
/// for other types <c>value</c> repeats <c>parameter</c>, or both are absent.
/// </summary>
public sealed record FakeJiraHolder(string Type, string? Parameter = null, string? Value = null)
{
    public static FakeJiraHolder Anyone { get; } = new("anyone");

    /// <summary>Application access: every user of the named product, or of any when <paramref name="application"/> is null.</summary>
    public static FakeJiraHolder ApplicationRole(string? application = null) => new("applicationRole", application, application);

    public static FakeJiraHolder User(string accountId) => new("user", accountId, accountId);

    /// <param name="id">The group id; null for a grant that names the group only (old data, Data Center).</param>
    public static FakeJiraHolder Group(string name, string? id) => new("group", name, id);

    public static FakeJiraHolder ProjectRole(string roleId) => new("projectRole", roleId, roleId);

    public static FakeJiraHolder Reporter { get; } = new("reporter");

    public static FakeJiraHolder Assignee { get; } = new("assignee");

    public static FakeJiraHolder ProjectLead { get; } = new("projectLead");

    /// <summary>Users picked in a user custom field: a holder the connector cannot express.</summary>
    public static FakeJiraHolder UserCustomField(string fieldId) => new("userCustomField", fieldId, fieldId);

    /// <summary>Groups picked in a group custom field: a holder the connector cannot express.</summary>
    public static FakeJiraHolder GroupCustomField(string fieldId) => new("groupCustomField", fieldId, fieldId);

    /// <summary>Jira Service Management portal customers: a holder the connector cannot express.</summary>
    public static FakeJiraHolder PortalCustomers { get; } = new("sd.customer.portal.only");

    internal JsonObject ToJson()
    {
        var holder = new JsonObject { ["type"] = Type };
        if (Parameter is not null)
        {
            holder["parameter"] = Parameter;
        }
        if (Value is not null)
        {
            holder["value"] = Value;
        }
        if (Expand is { } expand)
        {
            holder["expand"] = expand;
        }
        return holder;
    }

    private string? Expand => Type switch
    {
        "group" => "group",
        "user" => "user",
        "projectRole" => "projectRole",
        "userCustomField" or "groupCustomField" => "field",
        _ => null,
    };
}
