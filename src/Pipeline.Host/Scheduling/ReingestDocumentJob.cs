using System.ComponentModel;
using Hangfire;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;

namespace Pipeline.Host.Scheduling;

/// <summary>
/// Re-ingests one document (a webhook, "sync this item"). Arguments are ids: the job re-reads the document from
/// its source, so a duplicate delivery or a retry finds it unchanged and writes nothing.
/// </summary>
public sealed class ReingestDocumentJob(JobIngestion ingestion)
{
    /// <summary>Its own queue, served first, so a nightly sync never holds a webhook back.</summary>
    public const string Queue = "webhooks";

    [DisplayName("Re-ingest {1} of {0} ({2})")]
    [Queue(Queue)]
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [10, 30, 120, 600, 1800], ExceptOn = [typeof(JobDefinitionException), typeof(Connectors.Atlassian.SourceAuthenticationException)])]
    public async Task RunAsync(string jobName, string externalId, string trigger, CancellationToken cancellationToken)
    {
        await ingestion.RunOneAsync(jobName, externalId, trigger, cancellationToken);
    }
}
