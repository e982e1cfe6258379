using Pipeline.Core.Chunking;
using Pipeline.Core.Fingerprints;
using Pipeline.Core.Runs;
using Pipeline.Host.Jobs;
using Pipeline.Host.Monitoring;

namespace Pipeline.Host.Ingestion;

/// <summary>Runs a job from jobs/ by name; used by the CLI and by the Hangfire job alike.</summary>
public sealed class JobIngestion(JobCatalog catalog, SourceRegistry sources, IngestionRunner runner, PipelineSettings settings, RunMonitor monitor, PermissionSync permissions)
{
    /// <param name="confirmDeletions">An operator's go-ahead for a sync blocked by its deletion limit: a full sync without that limit.</param>
    /// <param name="reprocess">Re-extract and re-chunk every document even when neither it nor the job changed.</param>
    public async Task<RunSummary> RunAsync(string jobName, string trigger, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken, SyncMode mode = SyncMode.Auto, bool waitForSource = false, bool confirmDeletions = false, bool reprocess = false)
    {
        var job = catalog.Get(jobName);
        EmbeddingModelCheck.Ensure(job);
        var request = new IngestionRequest(job.Name, sources.Create(job), ChunkingFor(job), trigger, settings.DocumentParallelism)
        {
            EmbeddingModel = job.Embedding.Model,
            ReconcileEvery = TimeSpan.FromHours(job.Source.ReconcileHours),
            Mode = confirmDeletions ? SyncMode.Full : mode,
            WaitForSource = waitForSource,
            Deletion = job.Deletion,
            ConfirmDeletions = confirmDeletions,
            Reprocess = reprocess,
        };
        var summary = await runner.RunAsync(request, progress, cancellationToken);
        if (request.Source is Core.Access.IAccessSource withAccess)
        {
            // The memberships the documents just stored name, so `--as` and end users resolve before the next permission sync.
            await permissions.RefreshDirectoryAsync(request.Source.Key, withAccess, cancellationToken);
        }
        // Freshness, drift and canaries of the sync just committed (pipeline.run_figures, pipeline.canary_results).
        await monitor.RecordAfterSyncAsync(job, summary, cancellationToken);
        return summary;
    }

    /// <summary>Refreshes the access of a job's documents and its group memberships, without reading content (<see cref="PermissionSync"/>).</summary>
    public Task<RunSummary> RunPermissionsAsync(string jobName, string trigger, CancellationToken cancellationToken)
    {
        var job = catalog.Get(jobName);
        return permissions.RunAsync(job.Name, sources.Create(job), job.Access, trigger, cancellationToken);
    }

    /// <summary>Re-reads one document of a job's source: re-ingested when changed, deleted when gone.</summary>
    public Task<RunSummary> RunOneAsync(string jobName, string externalId, string trigger, CancellationToken cancellationToken)
    {
        var job = catalog.Get(jobName);
        EmbeddingModelCheck.Ensure(job);
        var request = new IngestionRequest(job.Name, sources.Create(job), ChunkingFor(job), trigger, settings.DocumentParallelism)
        {
            EmbeddingModel = job.Embedding.Model,
        };
        return runner.RunOneAsync(request, externalId, cancellationToken);
    }

    /// <summary>The job's current pipeline fingerprint; documents stored under another one are due for reprocessing.</summary>
    public static string FingerprintFor(JobDefinition job) => PipelineFingerprint.Compute(ChunkingFor(job), job.Quality, job.Redaction);

    public static ChunkingOptions ChunkingFor(JobDefinition job) => new()
    {
        MaxTokens = job.Chunking.MaxTokens,
        OverlapPercent = job.Chunking.OverlapPercent,
        Prefix = job.Chunking.ResolvedPrefix(job.FilePath),
    };
}
