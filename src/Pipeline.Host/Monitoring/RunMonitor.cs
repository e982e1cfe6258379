using Microsoft.Extensions.Logging;
using Pipeline.Core.Drift;
using Pipeline.Core.Embedding;
using Pipeline.Core.Runs;
using Pipeline.Host.Jobs;
using Pipeline.Storage.Monitoring;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Monitoring;

/// <summary>
/// After a job's sync succeeds: measures the run (lag, drift against the index as it was before the run, OCR share,
/// quality rejects), runs the job's canaries, and stores every figure judged against the job's thresholds.
/// </summary>
public sealed partial class RunMonitor(
    RunDriftSamples samples,
    RunDocumentFigures documentFigures,
    RunFigureStore figureStore,
    CanaryResultStore canaryStore,
    CanaryRanking ranking,
    Retriever retriever,
    RunEvaluator evaluator,
    Search.CallerResolver callers,
    ILogger<RunMonitor> logger)
{
    /// <summary>
    /// As <see cref="RecordAsync"/>, then the job's retrieval evaluation (<see cref="RunEvaluator"/>), but a failure is
    /// logged, not thrown: the sync itself is committed, and failing it would make Hangfire repeat a whole sync for a
    /// measurement. The health view then shows the run without figures. Each step fails alone: a question file gone
    /// missing does not cost the drift figures.
    /// </summary>
    public async Task RecordAfterSyncAsync(JobDefinition job, RunSummary run, CancellationToken cancellationToken)
    {
        try
        {
            await RecordAsync(job, run, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotRecorded(e, job.Name, run.RunId);
        }
        try
        {
            await evaluator.EvaluateAsync(job, run, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotEvaluated(e, job.Name, run.RunId);
        }
    }

    public async Task<IReadOnlyList<RunFigure>> RecordAsync(JobDefinition job, RunSummary run, CancellationToken cancellationToken)
    {
        var drift = job.Drift;
        // Drift judges the source's active model: the one its queries use.
        var model = await retriever.ActiveModelAsync(run.Source, cancellationToken);
        var input = await samples.ReadAsync(run.RunId, model, drift.SampleChunks, cancellationToken);
        var documents = await documentFigures.ReadAsync(run.RunId, cancellationToken);
        var figures = drift.Judge(DriftMeasurement.Measure(input.Baseline, input.Current), input.NewChunks, input.BaselineChunks,
            documents.OcrShare, documents.QualityRejectRate).ToList();
        figures.Add(RunFigure.Recorded(RunFigureNames.LagMedianSeconds, documents.LagMedianSeconds));
        figures.Add(RunFigure.Recorded(RunFigureNames.LagMaxSeconds, documents.LagMaxSeconds));
        if (job.Canaries.Count > 0)
        {
            var results = await RunCanariesAsync(job, run.Source, cancellationToken);
            await canaryStore.SaveAsync(run.RunId, job.Name, results, cancellationToken);
            figures.Add(RunFigure.AtLeast(RunFigureNames.CanaryRecall, (double)results.Count(r => r.Hit) / results.Count, drift.MinCanaryRecall));
        }
        await figureStore.SaveAsync(run.RunId, job.Name, run.Source, figures, cancellationToken);
        foreach (var crossed in figures.Where(f => f.Crossed))
        {
            LogCrossed(job.Name, run.RunId, crossed.Name, crossed.Value, crossed.Threshold);
        }
        return figures;
    }

    private async Task<List<CanaryResult>> RunCanariesAsync(JobDefinition job, string source, CancellationToken cancellationToken)
    {
        // Through the retriever, as `query` asks: the canaries test what users get.
        // Each canary asks as the caller it names (anonymous by default), so a restricted space's canary asks as a member.
        var queries = new List<CanaryQuery>(job.Canaries.Count);
        foreach (var canary in job.Canaries)
        {
            var caller = await callers.ResolveAsync(canary.As, canary.Principals, cancellationToken);
            queries.Add(new CanaryQuery(canary.Query, canary.Expect, canary.K, caller));
        }
        var ranks = await ranking.RankAsync(queries, source, cancellationToken);
        return job.Canaries.Select((canary, i) => new CanaryResult(canary.Query, canary.Expect, canary.K, ranks[i].Rank, ranks[i].TopDocument, canary.CallerLabel())).ToList();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Job} run {RunId}: its health figures could not be recorded")]
    private partial void LogNotRecorded(Exception exception, string job, long runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Job} run {RunId}: its retrieval evaluation (evaluation.questions) could not be run or stored")]
    private partial void LogNotEvaluated(Exception exception, string job, long runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} run {RunId}: {Figure} = {Value} crossed its threshold {Threshold}")]
    private partial void LogCrossed(string job, long runId, string figure, double? value, double? threshold);
}
