using Hangfire.Dashboard;

namespace Pipeline.Host.Dashboard;

/// <summary>
/// Hangfire's own gate, behind <see cref="DashboardAccessMiddleware"/>: it admits only requests that middleware
/// signed in, so a route reached some other way is still closed.
/// </summary>
public sealed class DashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User.Identity?.AuthenticationType == DashboardAccessMiddleware.AuthenticationType;

    /// <summary>For <see cref="DashboardOptions.IsReadOnlyFunc"/>: hides Hangfire's own buttons from read-only users.</summary>
    public static bool IsReadOnly(DashboardContext context) => !DashboardAccessMiddleware.IsOperator(context.GetHttpContext().User);
}
