using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Alerts;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Alerts;

/// <summary>The <c>pipeline-alerts</c> recurring job, in real Hangfire storage on PostgreSQL.</summary>
public sealed class AlertScheduleTests
{
    [Fact]
    public async Task Configured_smtp_registers_the_recurring_evaluation_and_a_removed_host_unregisters_it()
    {
        var connectionString = await TestCluster.CreateDatabaseAsync("alertschedule");
        var storageOptions = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions);
        IReadOnlyList<RecurringJobDto> Recurring()
        {
            using var connection = storage.GetConnection();
            return connection.GetRecurringJobs();
        }
        ServiceProvider Services(SmtpOptions smtp) => new ServiceCollection()
            .AddSingleton(smtp)
            .AddSingleton(new AlertOptions { Schedule = "*/10 * * * *" }.Validate())
            .AddSingleton<IRecurringJobManager>(new RecurringJobManager(storage))
            .BuildServiceProvider();
        var logger = new CollectingLogger<AlertEvaluator>();

        using (var enabled = Services(AlertRig.Smtp(587, certificateSha256: null)))
        {
            AlertSchedule.Apply(enabled, logger);
        }
        var registered = Assert.Single(Recurring());
        using (var disabled = Services(new SmtpOptions()))
        {
            AlertSchedule.Apply(disabled, logger);
        }

        Assert.Equal((AlertJob.RecurringId, "*/10 * * * *"), (registered.Id, registered.Cron));
        Assert.Empty(Recurring());
        Assert.Contains(logger.Entries, e => e.Message == "Alert e-mails are off: PIPELINE_SMTP_HOST is not set");
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains(SmtpTestServer.Password, StringComparison.Ordinal));
    }
}
