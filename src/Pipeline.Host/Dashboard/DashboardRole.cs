namespace Pipeline.Host.Dashboard;

/// <summary>What a dashboard user may do: everyone sees every page; only operators press buttons.</summary>
public enum DashboardRole
{
    ReadOnly,
    Operator,
}

public static class DashboardRoleNames
{
    public const string ReadOnly = "read-only";
    public const string Operator = "operator";

    public static string Name(this DashboardRole role) => role == DashboardRole.Operator ? Operator : ReadOnly;

    public static DashboardRole? Parse(string text) => text switch
    {
        Operator => DashboardRole.Operator,
        ReadOnly => DashboardRole.ReadOnly,
        _ => null,
    };
}
