using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pipeline.Core.Embedding;
using Pipeline.Host.Ingestion;
using Pipeline.Storage.Models;

namespace Pipeline.Host.Models;

/// <summary>Progress of a build: chunks of the source with the model's vector, of all its chunks.</summary>
public sealed record ModelBuildProgress(long Done, long Total, long Embedded, TimeSpan Elapsed);

/// <summary>
/// Runs one <c>models build</c>: embeds every stored chunk of the job's source that lacks the model's vector, from the
/// chunk text in the index (never re-extracting), batch by batch, each batch committed. Killed at any point, it resumes
/// with the chunks still missing; syncs meanwhile write the model's vectors for what they change (dual write), and a
/// final pass picks up chunks they added behind the cursor. One runner per source and model at a time (advisory lock).
/// </summary>
public sealed partial class ModelBuildRunner(
    ModelBuilds builds,
    BuildChunks chunks,
    EmbedderCatalog embedders,
    ModelPartitions partitions,
    EmbeddingRetryOptions retry,
    NpgsqlDataSource dataSource,
    ILogger<ModelBuildRunner> logger)
{
    /// <summary>Chunks per committed batch: small enough that a kill loses seconds of work, large enough to batch the model well.</summary>
    public const int DefaultBatchSize = 128;
    private const int MaxPasses = 3;

    /// <returns>The build as it ended (or as it was, when it was not open or another runner has it).</returns>
    public async Task<ModelBuild?> RunAsync(long buildId, IProgress<ModelBuildProgress>? progress, CancellationToken cancellationToken, string? backgroundJob = null, int batchSize = DefaultBatchSize)
    {
        var build = await builds.GetAsync(buildId, cancellationToken);
        if (build is not { Status: ModelBuild.Building })
        {
            return build;
        }
        await using var owner = await AdvisoryLock.TryAcquireAsync(dataSource, $"model-build:{build.Source}:{build.Model}", cancellationToken);
        if (owner is null)
        {
            LogBusy(build.Id, build.Model, build.Source);
            return build;
        }
        var embedder = embedders.Get(build.Model);
        await partitions.EnsureAsync(embedder.Model, cancellationToken);
        await builds.StartedAsync(build.Id, backgroundJob, cancellationToken);
        LogStarted(build.Id, build.Model, build.JobName);
        var clock = Stopwatch.StartNew();
        var bisecting = new BisectingEmbedder(embedder, retry);
        var coverage = await chunks.CoverageAsync(build.Source, build.Model, cancellationToken);
        long embedded = 0, failed = 0, unrecoverable = 0;
        for (var pass = 0; pass < MaxPasses && coverage.Missing > 0; pass++)
        {
            var writtenThisPass = 0L;
            var after = "";
            (failed, unrecoverable) = (0, 0);
            while (true)
            {
                var batch = await chunks.NextAsync(build.Source, build.Model, after, batchSize, cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }
                after = batch[^1].Id;
                var readable = batch.Where(c => c.EmbeddingText is not null).ToList();
                unrecoverable += batch.Count - readable.Count;
                var result = await bisecting.EmbedAsync(readable.Select(c => c.EmbeddingText!).ToList(), $"{build.Source} ({build.Model} build)", cancellationToken);
                var ids = new List<string>();
                var vectors = new List<float[]>();
                for (var i = 0; i < readable.Count; i++)
                {
                    if (result.Vectors[i] is { } vector)
                    {
                        ids.Add(readable[i].Id);
                        vectors.Add(vector);
                    }
                }
                failed += result.Failures.Count;
                var written = await chunks.WriteAsync(embedder.Model, ids, vectors, cancellationToken);
                writtenThisPass += written;
                embedded += written;
                var done = coverage.Embedded + embedded;
                await builds.ProgressAsync(build.Id, coverage.Chunks, Math.Min(done, coverage.Chunks), cancellationToken);
                progress?.Report(new ModelBuildProgress(Math.Min(done, coverage.Chunks), coverage.Chunks, embedded, clock.Elapsed));
            }
            coverage = await chunks.CoverageAsync(build.Source, build.Model, cancellationToken);
            embedded = 0;
            await builds.ProgressAsync(build.Id, coverage.Chunks, coverage.Embedded, cancellationToken);
            if (writtenThisPass == 0)
            {
                break;
            }
        }
        if (coverage.Missing == 0)
        {
            await builds.FinishAsync(build.Id, ModelBuild.Built, null, cancellationToken);
            LogBuilt(build.Id, build.Model, build.JobName, coverage.Chunks, clock.Elapsed.TotalSeconds);
        }
        else
        {
            var error = $"{coverage.Missing} of {coverage.Chunks} chunks have no {build.Model} vector: {failed} failed in the model"
                + (unrecoverable > 0 ? $", {unrecoverable} stored before their embedded text was (sync the job with --reprocess, then build again)" : "");
            await builds.FinishAsync(build.Id, ModelBuild.Failed, error, cancellationToken);
            LogFailed(build.Id, build.Model, build.JobName, error);
        }
        return await builds.GetAsync(build.Id, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model build {BuildId}: {Model} for job {Job} started")]
    private partial void LogStarted(long buildId, string model, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model build {BuildId}: {Model} for job {Job} built, {Chunks} chunks in {Seconds}s")]
    private partial void LogBuilt(long buildId, string model, string job, long chunks, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model build {BuildId}: {Model} for job {Job} incomplete: {Error}")]
    private partial void LogFailed(long buildId, string model, string job, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model build {BuildId}: {Model} for {Source} is already running elsewhere")]
    private partial void LogBusy(long buildId, string model, string source);
}
