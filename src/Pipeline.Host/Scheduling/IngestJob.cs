using System.ComponentModel;
using Hangfire;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;

namespace Pipeline.Host.Scheduling;

/// <summary>
/// The Hangfire job behind every recurring sync and "run now". Its argument is the job name, never documents:
/// Hangfire stores arguments, and the source is the truth at the time the job runs.
/// Retries are safe because every write is idempotent (deterministic chunk ids, one transaction per document).
/// </summary>
public sealed class IngestJob(JobIngestion ingestion)
{
    [DisplayName("Ingest {0} ({1})")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600], ExceptOn = [typeof(JobDefinitionException), typeof(Connectors.Atlassian.SourceAuthenticationException)])]
    [DisableConcurrentExecution(timeoutInSeconds: 10 * 60)]
    public async Task RunAsync(string jobName, string trigger, CancellationToken cancellationToken)
    {
        await ingestion.RunAsync(jobName, trigger, progress: null, cancellationToken);
    }
}
