using Hangfire;

namespace Pipeline.Host.Alerts;

/// <summary>The recurring <c>pipeline-alerts</c> Hangfire job: one evaluation.</summary>
public sealed class AlertJob(AlertEvaluator evaluator)
{
    public const string RecurringId = "pipeline-alerts";

    // No Hangfire retries: the next scheduled evaluation is the retry, and two at once would send e-mails twice.
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken) => await evaluator.EvaluateAsync(cancellationToken);
}
