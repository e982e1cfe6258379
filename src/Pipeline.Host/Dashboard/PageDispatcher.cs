using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Host.Dashboard;

/// <summary>What a page needs from its request: services, where the pages live, and whether buttons are shown.</summary>
public sealed record PageRequest(DashboardContext Context, IServiceProvider Services, DashboardLinks Links, bool CanOperate, CancellationToken Cancellation)
{
    public string? Query(string key) => Context.Request.GetQuery(key);

    public string Route(string group) => Context.UriMatch.Groups[group].Value;
}

/// <summary>Loads a page's data asynchronously, renders its body, and writes it inside Hangfire's layout; null body means 404.</summary>
internal sealed class PageDispatcher(string title, Func<PageRequest, Task<string?>> render) : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var request = new PageRequest(context, http.RequestServices, new DashboardLinks(new UrlHelper(context).To("")),
            DashboardAccessMiddleware.IsOperator(http.User), http.RequestAborted);
        var body = await render(request);
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await PipelinePage.WriteAsync(context, title, body);
    }
}
