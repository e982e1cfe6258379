using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pipeline.Storage.Monitoring;

namespace Pipeline.Host.Monitoring;

public static class MonitoringServices
{
    /// <summary>Run figures, canaries and the health read side (<see cref="JobHealthQuery"/>, <see cref="JobHealthReport"/>).</summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RunDriftSamples>();
        services.AddSingleton<RunDocumentFigures>();
        services.AddSingleton<RunFigureStore>();
        services.AddSingleton<RunTrends>();
        services.AddSingleton<CanaryResultStore>();
        services.AddSingleton<CanaryRanking>();
        services.AddSingleton<JobHealthQuery>();
        services.AddSingleton<JobHealthReport>();
        services.AddSingleton<RunEvaluationStore>();
        services.AddSingleton<RunEvaluator>();
        services.AddSingleton<RunMonitor>();
        return services;
    }
}
