using Pipeline.Core.Chunking;
using Pipeline.Core.Documents;
using Pipeline.Core.Sources;

namespace Pipeline.Core.Stages;

/// <summary>State of one document as it moves through the stages.</summary>
public sealed class DocumentContext(long runId, IDocumentSource source, DocumentReference reference, IndexedDocument? previous, RunCounters counters)
{
    public long RunId { get; } = runId;

    public IDocumentSource Source { get; } = source;

    public DocumentReference Reference { get; } = reference;

    /// <summary>The document as indexed before this run; null when new.</summary>
    public IndexedDocument? Previous { get; } = previous;

    public RunCounters Counters { get; } = counters;

    public SourceDocument? Document { get; set; }

    public string? ContentHash { get; set; }

    public IReadOnlyList<Chunk> Chunks { get; set; } = [];

    /// <summary>One slot per chunk; filled by vector reuse first, then by embedding.</summary>
    public float[]?[] Vectors { get; set; } = [];

    /// <summary>
    /// Vectors of models being built for this source (a blue/green switch in progress), slot for slot with
    /// <see cref="Chunks"/>; filled after <see cref="Vectors"/>, once the chunk list is final.
    /// </summary>
    public Dictionary<Embedding.EmbeddingModelInfo, float[]?[]> BuildVectors { get; } = [];

    /// <summary>What redaction found in this document (<see cref="RedactStage"/>); the chunk stage learns their chunks.</summary>
    public IReadOnlyList<Redaction.RedactionFinding> Redactions { get; set; } = [];

    /// <summary>True when the extracted content equals what is indexed, so nothing below extraction runs.</summary>
    public bool ContentUnchanged { get; set; }

    /// <summary>The run's pipeline fingerprint (<see cref="Fingerprints.PipelineFingerprint"/>), stored with the document.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>Chunk again even when the extracted content is unchanged (<c>ingest --reprocess</c>).</summary>
    public bool Reprocess { get; init; }
}
