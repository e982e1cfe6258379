using System.Diagnostics;
using Pipeline.Storage.Models;

namespace Pipeline.Host.Models;

/// <summary>
/// <c>models plan</c>: counts what a build of the model would embed for a job (chunks without its vector and their
/// tokens) and estimates the time at the model's tokens/s measured now on a sample of the job's own chunks, so the
/// estimate reflects this machine, this model and this text. Reads the index only; writes nothing.
/// </summary>
public sealed class ModelPlanner(JobModels jobModels, BuildChunks chunks, ModelEvaluator evaluator, ModelBuilds builds)
{
    /// <summary>Chunks embedded to time the model: enough for a stable figure, few enough to answer in seconds.</summary>
    public const int SampleSize = 64;

    public async Task<ModelPlan> PlanAsync(string job, string model, CancellationToken cancellationToken)
    {
        var target = await jobModels.ResolveAsync(job, model, cancellationToken);
        var coverage = await chunks.CoverageAsync(target.Source, target.Candidate.Model.Id, cancellationToken);
        var sample = await chunks.SampleAsync(target.Source, SampleSize, cancellationToken);
        var tokensPerSecond = await MeasureAsync(target, sample, cancellationToken);
        var history = await BuildRateAsync(target.Candidate.Model.Id, cancellationToken);
        var rate = history ?? tokensPerSecond;
        var seconds = coverage.MissingTokens == 0 ? 0 : rate > 0 ? coverage.MissingTokens / rate : double.NaN;
        return new ModelPlan(target.Job.Name, target.Source, target.Candidate.Model.Id, target.Active.Model.Id,
            coverage.Chunks, coverage.Embedded, coverage.Missing, coverage.MissingTokens, sample.Count, Math.Round(tokensPerSecond, 1),
            history is { } h ? Math.Round(h, 1) : null, Math.Round(seconds, 1),
            await evaluator.CompareAsync(target, cancellationToken));
    }

    /// <summary>Tokens/s of the model's newest finished build that embedded a measurable amount (a minute's worth at least).</summary>
    private async Task<double?> BuildRateAsync(string model, CancellationToken cancellationToken) =>
        (await builds.ListAsync(null, 200, cancellationToken))
            .Where(b => b is { Status: ModelBuild.Built, Seconds: > 0 } && b.Model == model && b.TokensTotal >= 10_000)
            .Select(b => b.TokensTotal / b.Seconds!.Value)
            .Cast<double?>()
            .FirstOrDefault();

    private static async Task<double> MeasureAsync(ModelTarget target, IReadOnlyList<string> sample, CancellationToken cancellationToken)
    {
        if (sample.Count == 0)
        {
            return 0;
        }
        // A first call pays for ONNX Runtime's lazy initialisation; it is not part of a build's steady rate.
        await target.Candidate.EmbedAsync(sample.Take(4).ToList(), cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var result = await target.Candidate.EmbedAsync(sample, cancellationToken);
        return result.Tokens / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
