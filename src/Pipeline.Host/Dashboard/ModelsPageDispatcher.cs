using Hangfire.Dashboard;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Host.Dashboard;

/// <summary>
/// The Models page (GET) and its forms (POST, answered with the page and the action's result). Hangfire has already
/// checked a POST's antiforgery token (ASP.NET Core reads it from the form field as from the header); the role is
/// checked here, as <see cref="OperatorCommandDispatcher"/> does, rather than trusting that viewers see no form.
/// </summary>
internal sealed class ModelsPageDispatcher(bool command) : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var canOperate = DashboardAccessMiddleware.IsOperator(http.User);
        var request = new PageRequest(context, http.RequestServices, new DashboardLinks(new UrlHelper(context).To("")), canOperate, http.RequestAborted);
        ModelsPageResult? result = null;
        if (command)
        {
            if (!HttpMethods.IsPost(http.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }
            if (!canOperate)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            var model = (await context.Request.GetFormValuesAsync("model")).FirstOrDefault() ?? "";
            var force = (await context.Request.GetFormValuesAsync("force")).Contains("true");
            (var status, result) = await ModelsPageActions.RunAsync(request, request.Route("action"), Uri.UnescapeDataString(request.Route("job")), model, force);
            context.Response.StatusCode = status;
        }
        var form = canOperate && http.RequestServices.GetService<IAntiforgery>() is { } antiforgery
            && antiforgery.GetAndStoreTokens(http) is { RequestToken: { } token } tokens
            ? new ModelsPageForm(tokens.FormFieldName, token)
            : null;
        var listing = await Cli.ModelsCommand.ListAsync(http.RequestServices, http.RequestAborted);
        await PipelinePage.WriteAsync(context, "Models", ModelsPageHtml.Render(listing, request.Links, form, result, DateTimeOffset.UtcNow));
    }
}
