using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Pipeline.Host.Dashboard;

/// <summary>The dashboard as the service hosts it: Hangfire's pages plus ours, behind access control and antiforgery.</summary>
public static class PipelineDashboard
{
    public const string Path = "/hangfire";

    /// <summary>Reads and validates the access settings now, so a bad hash stops start-up.</summary>
    public static IServiceCollection AddPipelineDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        var access = DashboardAccessOptions.From(configuration);
        services.AddSingleton(access);
        services.AddSingleton(new SignInSlots(access.MaxConcurrentSignIns));
        services.TryAddSingleton(TimeProvider.System);
        // With IAntiforgery registered, Hangfire puts a token in every page and rejects POSTs without it.
        services.AddAntiforgery();
        services.AddSingleton<RunsQuery>();
        services.AddSingleton<SourcesQuery>();
        services.AddSingleton<DriftQuery>();
        services.AddSingleton<Trends.TrendsQuery>();
        services.AddTransient<DeadLetterReplayJob>();
        return services;
    }

    public static WebApplication MapPipelineDashboard(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.UseMiddleware<DashboardAccessMiddleware>());
        PipelinePages.UsePipelinePages();
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            DashboardTitle = "Ingestion pipeline",
            Authorization = [new DashboardAuthorization()],
            IsReadOnlyFunc = DashboardAuthorization.IsReadOnly,
        });
        return app;
    }
}
