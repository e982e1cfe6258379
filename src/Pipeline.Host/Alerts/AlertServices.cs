using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Pipeline.Host.Alerts;

public static class AlertServices
{
    /// <summary>
    /// Alert options (validated here, at start-up), the condition sources and the evaluator. Sources are chosen by
    /// registration: add an <see cref="IAlertConditionSource"/> here and the evaluator asks it too.
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, SettingReader settings)
    {
        services.AddSingleton(SmtpOptions.FromSettings(settings));
        services.AddSingleton(AlertOptions.FromSettings(settings));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AlertObservations>();
        services.AddSingleton<AlertStateStore>();
        services.AddSingleton<AlertMailer>();
        services.AddSingleton<AlertMessageBuilder>();
        services.AddSingleton<IAlertConditionSource, QualityConditionSource>();
        services.AddSingleton<IAlertConditionSource, DeadLetterConditionSource>();
        services.AddSingleton<IAlertConditionSource, JobFailingConditionSource>();
        services.AddSingleton<IAlertConditionSource, DeletionBlockedConditionSource>();
        services.AddSingleton<IAlertConditionSource, AccessLostConditionSource>();
        services.AddSingleton<IAlertConditionSource, SecretFoundConditionSource>();
        services.AddSingleton<IAlertConditionSource, FreshnessConditionSource>();
        services.AddSingleton<IAlertConditionSource, DriftConditionSource>();
        services.AddSingleton<IAlertConditionSource, CanaryConditionSource>();
        services.AddSingleton<IAlertConditionSource, MixedModelConditionSource>();
        services.AddSingleton<AlertEvaluator>();
        services.AddTransient<AlertJob>();
        return services;
    }
}
