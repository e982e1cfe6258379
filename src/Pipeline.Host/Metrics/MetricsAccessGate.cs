using Microsoft.AspNetCore.Http;
using Pipeline.Host.Web;

namespace Pipeline.Host.Metrics;

/// <summary>Answers 401 or 403 before the exporter runs when <see cref="MetricsAccess"/> says no.</summary>
public sealed class MetricsAccessGate(RequestDelegate next, MetricsAccess access, LocalRequests localRequests)
{
    public Task InvokeAsync(HttpContext context)
    {
        switch (access.Decide(localRequests.IsLocal(context), context.Request.Headers.Authorization.FirstOrDefault()))
        {
            case MetricsAccessDecision.Allowed:
                return next(context);
            case MetricsAccessDecision.Unauthorized:
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
                return Task.CompletedTask;
            default:
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return context.Response.WriteAsync("metrics are served to local clients only; set PIPELINE_METRICS_TOKEN for remote scrapers\n");
        }
    }
}
