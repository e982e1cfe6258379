using System.Text.Json.Serialization;

namespace Pipeline.Core.Quality;

/// <summary>
/// A job's quality rules (the <c>quality</c> object of a job file). The defaults only stop what is clearly not a
/// document (near-empty, mostly garbage, absurdly large) and merely count the rest, so an ordinary corpus ingests.
/// </summary>
public sealed class QualityOptions
{
    [JsonPropertyName("emptyText")]
    public EmptyTextRule EmptyText { get; init; } = new();

    [JsonPropertyName("oversized")]
    public OversizedRule Oversized { get; init; } = new();

    [JsonPropertyName("ocrConfidence")]
    public OcrConfidenceRule OcrConfidence { get; init; } = new();

    [JsonPropertyName("garbageRatio")]
    public DocumentGarbageRatioRule GarbageRatio { get; init; } = new();

    [JsonPropertyName("chunkTooShort")]
    public ChunkTooShortRule ChunkTooShort { get; init; } = new();

    [JsonPropertyName("chunkGarbageRatio")]
    public ChunkGarbageRatioRule ChunkGarbageRatio { get; init; } = new();

    [JsonPropertyName("duplicateChunk")]
    public DuplicateChunkRule DuplicateChunk { get; init; } = new();

    [JsonPropertyName("boilerplateChunk")]
    public BoilerplateChunkRule BoilerplateChunk { get; init; } = new();

    /// <summary>
    /// Warnings written to <c>pipeline.quality_findings</c> per run; the rest are only counted. Rejections are
    /// always written: each is a quarantined item someone may need to look at.
    /// </summary>
    [JsonPropertyName("maxStoredWarningsPerRun")]
    public int MaxStoredWarningsPerRun { get; init; } = 1000;
}
