using System.ComponentModel;
using Hangfire;
using Pipeline.Host.Ingestion;

namespace Pipeline.Host.Scheduling;

/// <summary>
/// Re-ingests one document (a webhook, "sync this item"). Arguments are ids: the job re-reads the document from
/// its source, so a duplicate delivery or a retry finds it unchanged and writes nothing.
/// </summary>
public sealed class ReingestDocumentJob(JobIngestion ingestion, Pipeline.Storage.Runs.PendingReingestions pending)
{
    /// <summary>Its own queue and workers (<see cref="HangfireServers"/>), so a nightly sync never holds a webhook back.</summary>
    public const string Queue = "webhooks";

    [DisplayName("Re-ingest {1} of {0} ({2})")]
    [Queue(Queue)]
    public async Task RunAsync(string jobName, string externalId, string trigger, CancellationToken cancellationToken)
    {
        // Before reading the item: a delivery arriving from now on may announce a change this read misses, so it
        // must queue a read of its own (PendingReingestions).
        await pending.ReleaseAsync(jobName, externalId, cancellationToken);
        await ingestion.RunOneAsync(jobName, externalId, trigger, cancellationToken);
    }
}
