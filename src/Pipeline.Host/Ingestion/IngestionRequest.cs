using Pipeline.Core.Chunking;
using Pipeline.Core.Sources;

namespace Pipeline.Host.Ingestion;

/// <param name="JobName">The job the run is recorded under; ad-hoc runs use a name derived from the source.</param>
/// <param name="Trigger">Who started it: <c>cli</c>, <c>schedule</c>, <c>dashboard</c>, <c>first-start</c>, <c>webhook</c>.</param>
/// <param name="DocumentParallelism">Documents in flight at once; more than 1 lets extraction of one overlap embedding of another.</param>
public sealed record IngestionRequest(string JobName, IDocumentSource Source, ChunkingOptions Chunking, string Trigger, int DocumentParallelism = 1)
{
    public SyncMode Mode { get; init; } = SyncMode.Auto;

    /// <summary>In <see cref="SyncMode.Auto"/>, a full listing (which applies deletions) runs at least this often.</summary>
    public TimeSpan ReconcileEvery { get; init; } = TimeSpan.FromHours(23);

    /// <summary>How much of the source a full sync may delete.</summary>
    public Jobs.DeletionSettings Deletion { get; init; } = new();

    /// <summary>An operator confirmed that the source really lost what the sync deletes: the percentage limit is lifted.</summary>
    public bool ConfirmDeletions { get; init; }

    /// <summary>
    /// Re-extract and re-chunk every listed document even when its source version and the pipeline fingerprint are
    /// unchanged (<c>ingest --reprocess</c>). Chunks whose text comes out the same keep their vectors.
    /// </summary>
    public bool Reprocess { get; init; }

    /// <summary>
    /// The model a source starts with at its first sync (the job's <c>embedding.model</c>); null for the service's
    /// default (<c>PIPELINE_EMBEDDING_MODEL</c>). Afterwards the source's active model (<c>models activate</c>) rules.
    /// </summary>
    public string? EmbeddingModel { get; init; }

    /// <summary>Queue behind a running sync of the same source (Hangfire) instead of failing at once (CLI).</summary>
    public bool WaitForSource { get; init; }

    /// <summary>Measures each stage's busy time over the run (bench); null to not measure.</summary>
    public Core.Stages.StageClock? StageClock { get; init; }
}
