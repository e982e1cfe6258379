using Microsoft.Extensions.Logging;
using Pipeline.Core.Runs;
using Pipeline.Host.Evaluation;
using Pipeline.Host.Jobs;
using Pipeline.Storage.Monitoring;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Monitoring;

/// <summary>
/// After a job's sync succeeds, when the job names <c>evaluation.questions</c>: scores that question set on the job's
/// source through the active retriever (its default mode, the source's active model), as <c>eval</c> would, and stores
/// the figures with the run for the Drift page.
/// </summary>
public sealed partial class RunEvaluator(RetrievalEvaluation evaluation, Retriever retriever, RunEvaluationStore store, ILogger<RunEvaluator> logger)
{
    /// <returns>The stored figures, or null when the job names no question set.</returns>
    public async Task<RunEvaluationFigures?> EvaluateAsync(JobDefinition job, RunSummary run, CancellationToken cancellationToken)
    {
        if (job.Evaluation is not { } settings)
        {
            return null;
        }
        var path = settings.QuestionsPath(job.FilePath);
        var questions = QuestionSet.Read(path);
        var mode = retriever.Options.Mode;
        var model = await retriever.ActiveModelAsync(run.Source, cancellationToken);
        var report = await evaluation.EvaluateAsync(questions, settings.Top, model: null, run.Source, cancellationToken, mode: mode);
        await store.SaveAsync(run.RunId, job.Name, path, settings.Top, mode.Name(), model.Id, report.Overall, cancellationToken);
        LogEvaluated(job.Name, run.RunId, report.Overall.N, mode.Name(), report.Overall.RecallAt1, report.Overall.RecallAt5, report.Overall.Mrr, settings.Top);
        return new RunEvaluationFigures(run.RunId, job.Name, path, settings.Top, mode.Name(), model.Id, report.Overall, DateTimeOffset.UtcNow);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Job {Job} run {RunId}: {Questions} evaluation questions ({Mode}): R@1 {RecallAt1}, R@5 {RecallAt5}, MRR@{K} {Mrr}")]
    private partial void LogEvaluated(string job, long runId, int questions, string mode, double recallAt1, double recallAt5, double mrr, int k);
}
