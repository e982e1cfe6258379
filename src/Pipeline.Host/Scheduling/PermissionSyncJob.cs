using System.ComponentModel;
using Hangfire;
using Pipeline.Host.Ingestion;

namespace Pipeline.Host.Scheduling;

/// <summary>
/// The recurring permission sync of a Jira or Confluence job (<c>access.syncMinutes</c>, default 30): cheap, as it
/// reads permissions only, so it runs on the webhook queue and a restriction added to a page is enforced within one
/// cycle even while a long content sync holds the ingest workers.
/// </summary>
public sealed class PermissionSyncJob(JobIngestion ingestion)
{
    /// <summary>Recurring job ids are the job's name with this prefix.</summary>
    public const string IdPrefix = "permissions:";

    [DisplayName("Permission sync {0} ({1})")]
    [Queue(ReingestDocumentJob.Queue)]
    public async Task RunAsync(string jobName, string trigger, CancellationToken cancellationToken)
    {
        await ingestion.RunPermissionsAsync(jobName, trigger, cancellationToken);
    }

    /// <summary>A cron for every <paramref name="minutes"/> minutes: within the hour for less than 60, else on the hour.</summary>
    public static string Cron(int minutes) => minutes < 60 ? $"*/{minutes} * * * *" : $"0 */{Math.Max(1, minutes / 60)} * * *";
}
