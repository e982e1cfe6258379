using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Pipeline.Core.Telemetry;
using Pipeline.Storage.Metrics;

namespace Pipeline.Host.Metrics;

/// <summary>The one way in: <see cref="AddPipelineMetrics"/> at composition, <see cref="MapPipelineMetrics"/> on the app.</summary>
public static class MetricsEndpoint
{
    public static IServiceCollection AddPipelineMetrics(this IServiceCollection services, MetricsOptions options)
    {
        options.Validate();
        services.AddSingleton(options);
        if (!options.Enabled)
        {
            return services;
        }
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MetricsSnapshotQuery>();
        services.AddSingleton<OperationalSnapshotCache>();
        services.AddSingleton<OperationalGauges>();
        services.AddSingleton<MetricsAccess>();
        // OpenTelemetry's exporter reads the same System.Diagnostics.Metrics instruments any OTLP exporter would.
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("pipeline"))
            .WithMetrics(metrics => metrics
            .AddMeter(PipelineMetrics.MeterName)
            .AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapPipelineMetrics(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<MetricsOptions>().Enabled)
        {
            return app;
        }
        // Gauges exist from the first scrape on, not from the first time something asks for them.
        app.Services.GetRequiredService<OperationalGauges>();
        // By segments: routing also serves "/metrics/" (and any casing), and the gate must see every way in.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(MetricsOptions.Path, StringComparison.OrdinalIgnoreCase),
            // Proxied scrapers count as remote: LocalRequests refuses any request carrying a proxy header.
            branch => branch.UseMiddleware<MetricsAccessGate>());
        app.MapPrometheusScrapingEndpoint(MetricsOptions.Path);
        return app;
    }
}
