using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Embedding;
using Pipeline.Host.Ingestion;
using Pipeline.Storage.Index;

namespace Pipeline.Host.Scheduling;

/// <summary>
/// The Hangfire job behind every recurring sync and "run now". Its argument is the job name, never documents:
/// Hangfire stores arguments, and the source is the truth at the time the job runs.
/// Retries are safe because every write is idempotent (deterministic chunk ids, one transaction per document);
/// their delays are the service's (<see cref="JobRetryFilterProvider"/>). Two syncs of one source, in this process
/// or another, queue behind each other on the source's advisory lock, which a database restart or a killed
/// process releases at once (a Hangfire distributed lock row would outlive both until it expired).
/// </summary>
public sealed partial class IngestJob(JobIngestion ingestion, IndexVerification verification, ILogger<IngestJob> logger)
{
    /// <summary>Heavy work (listing, OCR, embedding) has its own queue and workers, so it never holds a webhook back.</summary>
    public const string Queue = "ingest";

    [DisplayName("Ingest {0} ({1})")]
    [Queue(Queue)]
    public async Task RunAsync(string jobName, string trigger, CancellationToken cancellationToken)
    {
        await ingestion.RunAsync(jobName, trigger, progress: null, cancellationToken, waitForSource: true);
        // The ledger is checked against the index after every sync, so damage is reported the night it appears;
        // repairing stays an operator's decision (./pipeline verify --repair).
        var report = await verification.CheckAsync(examples: 3, cancellationToken);
        if (!report.Clean)
        {
            var problems = string.Join(", ", report.Problems.Where(p => p.Value.Count > 0).Select(p => $"{p.Key}={p.Value.Count}"));
            LogVerificationProblems(jobName, problems);
        }
    }

    /// <summary>An operator's go-ahead (Sources page) for a sync its deletion limit blocked: one full sync without the limit.</summary>
    [DisplayName("Ingest {0} confirming deletions ({1})")]
    [Queue(Queue)]
    public Task RunConfirmingDeletionsAsync(string jobName, string trigger, CancellationToken cancellationToken) =>
        ingestion.RunAsync(jobName, trigger, progress: null, cancellationToken, waitForSource: true, confirmDeletions: true);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Index verification after sync of {Job} found problems: {Problems}; run ./pipeline verify for details")]
    private partial void LogVerificationProblems(string job, string problems);
}
