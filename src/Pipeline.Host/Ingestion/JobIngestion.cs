using Pipeline.Core.Chunking;
using Pipeline.Core.Embedding;
using Pipeline.Core.Runs;
using Pipeline.Host.Jobs;
using Pipeline.Host.Monitoring;

namespace Pipeline.Host.Ingestion;

/// <summary>Runs a job from jobs/ by name; used by the CLI and by the Hangfire job alike.</summary>
public sealed class JobIngestion(JobCatalog catalog, SourceRegistry sources, IngestionRunner runner, PipelineSettings settings, RunMonitor monitor, IEmbedder embedder)
{
    /// <param name="confirmDeletions">An operator's go-ahead for a sync blocked by its deletion limit: a full sync without that limit.</param>
    public async Task<RunSummary> RunAsync(string jobName, string trigger, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken, SyncMode mode = SyncMode.Auto, bool waitForSource = false, bool confirmDeletions = false)
    {
        var job = catalog.Get(jobName);
        EmbeddingModelCheck.Ensure(job, embedder.Model);
        var request = new IngestionRequest(job.Name, sources.Create(job), ChunkingFor(job), trigger, settings.DocumentParallelism)
        {
            ReconcileEvery = TimeSpan.FromHours(job.Source.ReconcileHours),
            Mode = confirmDeletions ? SyncMode.Full : mode,
            WaitForSource = waitForSource,
            Deletion = job.Deletion,
            ConfirmDeletions = confirmDeletions,
        };
        var summary = await runner.RunAsync(request, progress, cancellationToken);
        // Freshness, drift and canaries of the sync just committed (pipeline.run_figures, pipeline.canary_results).
        await monitor.RecordAfterSyncAsync(job, summary, cancellationToken);
        return summary;
    }

    /// <summary>Re-reads one document of a job's source: re-ingested when changed, deleted when gone.</summary>
    public Task<RunSummary> RunOneAsync(string jobName, string externalId, string trigger, CancellationToken cancellationToken)
    {
        var job = catalog.Get(jobName);
        EmbeddingModelCheck.Ensure(job, embedder.Model);
        var request = new IngestionRequest(job.Name, sources.Create(job), ChunkingFor(job), trigger, settings.DocumentParallelism);
        return runner.RunOneAsync(request, externalId, cancellationToken);
    }

    public static ChunkingOptions ChunkingFor(JobDefinition job) => new()
    {
        MaxTokens = job.Chunking.MaxTokens,
        OverlapPercent = job.Chunking.OverlapPercent,
        PrependHeadingPath = job.Chunking.PrependHeadingPath,
    };
}
