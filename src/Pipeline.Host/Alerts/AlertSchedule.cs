using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Host.Alerts;

/// <summary>Registers (or removes) the recurring <c>pipeline-alerts</c> job at start-up.</summary>
public static partial class AlertSchedule
{
    public static void Apply(IServiceProvider services, ILogger logger)
    {
        var smtp = services.GetRequiredService<SmtpOptions>();
        var manager = services.GetRequiredService<IRecurringJobManager>();
        if (!smtp.Enabled)
        {
            manager.RemoveIfExists(AlertJob.RecurringId);
            LogDisabled(logger);
            return;
        }
        var options = services.GetRequiredService<AlertOptions>();
        manager.AddOrUpdate<AlertJob>(AlertJob.RecurringId, j => j.RunAsync(CancellationToken.None), options.Schedule,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        LogEnabled(logger, smtp.ToString(), options.Schedule, options.Cooldown.TotalMinutes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert e-mails are off: PIPELINE_SMTP_HOST is not set")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert e-mails via {Smtp}, evaluated on cron {Schedule} (UTC), cool-down {CooldownMinutes} min")]
    private static partial void LogEnabled(ILogger logger, string smtp, string schedule, double cooldownMinutes);
}
