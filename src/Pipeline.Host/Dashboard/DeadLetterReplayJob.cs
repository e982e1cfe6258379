using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Logging;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;

namespace Pipeline.Host.Dashboard;

/// <summary>
/// The dashboard's Replay buttons, as a Hangfire job running the same code as <c>./pipeline deadletters replay</c>.
/// Enqueued rather than run inside the request: a replay re-ingests whole documents (extraction, OCR, embedding)
/// and waits for the source's lock while a sync holds it, which is far longer than a button's POST should take;
/// as a job it is retried when the source is busy and its outcome is on the dashboard.
/// </summary>
public sealed partial class DeadLetterReplayJob(DeadLetterReplay replay, ILogger<DeadLetterReplayJob> logger)
{
    [DisplayName("Replay dead letter {0}")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600], ExceptOn = [typeof(JobDefinitionException)])]
    public Task ReplayOneAsync(long deadLetterId, CancellationToken cancellationToken) => RunAsync(deadLetterId, cancellationToken);

    [DisplayName("Replay all dead letters")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600], ExceptOn = [typeof(JobDefinitionException)])]
    public Task ReplayAllAsync(CancellationToken cancellationToken) => RunAsync(null, cancellationToken);

    private async Task RunAsync(long? id, CancellationToken cancellationToken)
    {
        foreach (var document in await replay.ReplayAsync(id, cancellationToken))
        {
            LogReplayed(document.Job, document.Document, document.Outcome, document.Remaining, document.Message ?? "");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed dead letters of {Job}/{Document}: {Outcome}, {Remaining} left {Detail}")]
    private partial void LogReplayed(string job, string document, string outcome, int remaining, string detail);
}
