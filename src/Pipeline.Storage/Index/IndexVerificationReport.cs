using System.Text.Json.Serialization;

namespace Pipeline.Storage.Index;

/// <summary>What <see cref="IndexVerification"/> found: figures checked, and every problem kind with its count and a few examples.</summary>
public sealed record VerificationReport(
    [property: JsonPropertyName("clean")] bool Clean,
    [property: JsonPropertyName("active_models")] IReadOnlyList<VerifiedModel> ActiveModels,
    [property: JsonPropertyName("documents_checked")] long DocumentsChecked,
    [property: JsonPropertyName("failed_documents")] long FailedDocuments,
    [property: JsonPropertyName("chunks_checked")] long ChunksChecked,
    [property: JsonPropertyName("problems")] IReadOnlyDictionary<string, ProblemSummary> Problems)
{
    /// <summary>Vectors of models other than their source's active one (a build, or the old model after a switch): reported, not damage.</summary>
    [JsonPropertyName("inactive_vectors")]
    public IReadOnlyList<ModelCount> InactiveVectors { get; init; } = [];
}

/// <summary>A source's active model, with the hash and dimension its vectors must have.</summary>
public sealed record VerifiedModel(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("model_id")] string ModelId,
    [property: JsonPropertyName("model_sha256")] string ModelSha256,
    [property: JsonPropertyName("dimensions")] int Dimensions);

/// <param name="Count">Affected items: documents for document-level kinds, chunks for chunk-level kinds (see <see cref="ProblemKinds"/>).</param>
public sealed record ProblemSummary(
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("examples")] IReadOnlyList<ProblemExample> Examples);

/// <param name="Chunk">The chunk's ordinal for chunk-level problems, null for document-level ones.</param>
public sealed record ProblemExample(
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("document")] string? Document,
    [property: JsonPropertyName("chunk")] int? Chunk,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("detail")] string Detail);

/// <summary>What <c>--repair</c> changed.</summary>
/// <param name="ChunksDeleted">Chunks of failed or missing documents, and active-model vectors another graph computed (never served again).</param>
/// <param name="DocumentsScheduled">Indexed documents whose chunks were wrong: their version was cleared so the next sync of their source rebuilds them.</param>
public sealed record RepairResult(
    [property: JsonPropertyName("chunks_deleted")] long ChunksDeleted,
    [property: JsonPropertyName("documents_scheduled")] long DocumentsScheduled);

/// <summary>The problem kinds, in report order. Names are part of the <c>verify --json</c> contract.</summary>
public static class ProblemKinds
{
    /// <summary>An indexed document with no chunk at all.</summary>
    public const string DocumentsWithoutChunks = "documents_without_chunks";

    /// <summary>An indexed document whose ordinals are not exactly 0..n-1.</summary>
    public const string OrdinalGaps = "ordinal_gaps";

    /// <summary>A chunk whose id is not ChunkId.For(source, document, ordinal, content hash).</summary>
    public const string WrongChunkIds = "wrong_chunk_ids";

    /// <summary>A chunk without a vector of its source's active model, or whose vector another ONNX graph computed.</summary>
    public const string WrongModel = "wrong_model";

    /// <summary>A chunk whose vector has not the model's dimension.</summary>
    public const string WrongDimension = "wrong_dimension";

    /// <summary>A chunk whose document row is gone.</summary>
    public const string OrphanedChunks = "orphaned_chunks";

    /// <summary>A chunk of a quarantined ('failed') document, which must never be served.</summary>
    public const string ChunksOfFailedDocuments = "chunks_of_failed_documents";

    public static IReadOnlyList<string> All { get; } =
        [DocumentsWithoutChunks, OrdinalGaps, WrongChunkIds, WrongModel, WrongDimension, OrphanedChunks, ChunksOfFailedDocuments];

    public static string UnitOf(string kind) => kind is DocumentsWithoutChunks or OrdinalGaps ? "documents" : "chunks";
}
