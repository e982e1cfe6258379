namespace Pipeline.Host.Dashboard;

/// <summary>One entry of <c>PIPELINE_DASHBOARD_USERS</c>.</summary>
public sealed record DashboardUser(string Name, DashboardRole Role, DashboardPasswordHash Password);
