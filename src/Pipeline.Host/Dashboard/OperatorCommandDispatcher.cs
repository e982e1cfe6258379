using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Host.Dashboard;

/// <summary>
/// A button's POST. Hangfire has already checked the antiforgery token; this checks the role itself rather than
/// trusting that read-only users never see the button. The command answers false when its target does not exist.
/// </summary>
internal sealed class OperatorCommandDispatcher(Func<PageRequest, Task<bool>> command) : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        if (!DashboardAccessMiddleware.IsOperator(http.User))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        var request = new PageRequest(context, http.RequestServices, new DashboardLinks(new UrlHelper(context).To("")), CanOperate: true, http.RequestAborted);
        context.Response.StatusCode = await command(request) ? StatusCodes.Status204NoContent : StatusCodes.Status404NotFound;
    }
}
