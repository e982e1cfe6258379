using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;
using Pipeline.Host.Jobs;

namespace Pipeline.Host.Scheduling;

/// <summary>Makes Hangfire's recurring syncs equal the job files: added, updated, and removed when a file goes.</summary>
public static partial class RecurringJobSync
{
    public static void Apply(JobCatalog catalog, IRecurringJobManager manager, JobStorage storage, ILogger logger)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in catalog.Jobs.Where(j => j.Enabled))
        {
            var name = job.Name;
            manager.AddOrUpdate<IngestJob>(name, IngestJob.Queue, j => j.RunAsync(name, "schedule", CancellationToken.None), job.Schedule,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            wanted.Add(name);
            LogRegistered(logger, name, job.Schedule);
            if (job.Source.Kind is "jira" or "confluence" && job.Access.SyncMinutes > 0)
            {
                var id = PermissionSyncJob.IdPrefix + name;
                var cron = PermissionSyncJob.Cron(job.Access.SyncMinutes);
                manager.AddOrUpdate<PermissionSyncJob>(id, ReingestDocumentJob.Queue, j => j.RunAsync(name, "schedule", CancellationToken.None), cron,
                    new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
                wanted.Add(id);
                LogRegistered(logger, id, cron);
            }
        }
        using var connection = storage.GetConnection();
        // Only syncs belong to job files; the service's own recurring jobs (pipeline-alerts) are left alone.
        foreach (var existing in connection.GetRecurringJobs().Where(r => !wanted.Contains(r.Id) && (r.Job?.Type == typeof(IngestJob) || r.Job?.Type == typeof(PermissionSyncJob))))
        {
            manager.RemoveIfExists(existing.Id);
            LogRemoved(logger, existing.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recurring job {Job} scheduled with cron {Schedule} (UTC)")]
    private static partial void LogRegistered(ILogger logger, string job, string schedule);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recurring job {Job} removed: its job file is gone or disabled")]
    private static partial void LogRemoved(ILogger logger, string job);
}
