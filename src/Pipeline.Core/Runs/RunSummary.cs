using System.Text.Json.Serialization;

namespace Pipeline.Core.Runs;

/// <summary>What one ingestion run did; printed by <c>ingest --json</c> and stored with the run.</summary>
public sealed record RunSummary
{
    [JsonPropertyName("run_id")]
    public long RunId { get; init; }

    [JsonPropertyName("job")]
    public string Job { get; init; } = "";

    [JsonPropertyName("source")]
    public string Source { get; init; } = "";

    /// <summary><c>full</c> (complete listing, deletions applied), <c>incremental</c> (changes since the watermark) or <c>document</c>.</summary>
    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "full";

    [JsonPropertyName("documents")]
    public DocumentCounts Documents { get; init; } = new();

    [JsonPropertyName("chunks_written")]
    public long ChunksWritten { get; init; }

    [JsonPropertyName("embeddings_computed")]
    public long EmbeddingsComputed { get; init; }

    [JsonPropertyName("embeddings_reused")]
    public long EmbeddingsReused { get; init; }

    [JsonPropertyName("tokens_embedded")]
    public long TokensEmbedded { get; init; }

    /// <summary>Padding the model computed on top of <see cref="TokensEmbedded"/> (batches are padded to their longest input).</summary>
    [JsonPropertyName("padding_tokens")]
    public long PaddingTokens { get; init; }

    /// <summary>Model calls (ONNX Runtime batches).</summary>
    [JsonPropertyName("model_batches")]
    public long ModelBatches { get; init; }

    /// <summary>Of <see cref="TokensEmbedded"/>: heading-prefix tokens.</summary>
    [JsonPropertyName("prefix_tokens")]
    public long PrefixTokens { get; init; }

    /// <summary>Of <see cref="TokensEmbedded"/>: tokens repeated from the chunk before.</summary>
    [JsonPropertyName("overlap_tokens")]
    public long OverlapTokens { get; init; }

    /// <summary>Inputs cut at the model maximum; non-zero means the chunk budget is wrong for the model.</summary>
    [JsonPropertyName("truncated")]
    public long Truncated { get; init; }

    /// <summary>Chunks the model failed on alone after retries: left out of the index and kept in <c>pipeline.dead_letters</c>.</summary>
    [JsonPropertyName("dead_letters")]
    public long DeadLetters { get; init; }

    [JsonPropertyName("pages")]
    public long Pages { get; init; }

    [JsonPropertyName("pages_ocr")]
    public long OcrPages { get; init; }

    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }

    /// <summary>HTTP requests the source made (API sources only), with retries and throttled answers.</summary>
    [JsonPropertyName("requests")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Sources.SourceRequestCounts? Requests { get; init; }

    [JsonPropertyName("failures")]
    public IReadOnlyList<DocumentFailure> Failures { get; init; } = [];

    /// <summary>What the job's quality rules found: per rule its severity, count and a few examples.</summary>
    [JsonPropertyName("quality")]
    public Quality.QualitySummary Quality { get; init; } = new();

    /// <summary>Sensitive values found and what was done with them: counts by detector and action, never a value.</summary>
    [JsonPropertyName("redaction")]
    public Redaction.RedactionSummary Redaction { get; init; } = new();
}

public sealed record DocumentCounts
{
    [JsonPropertyName("seen")]
    public int Seen { get; init; }

    [JsonPropertyName("new")]
    public int New { get; init; }

    [JsonPropertyName("changed")]
    public int Changed { get; init; }

    [JsonPropertyName("unchanged")]
    public int Unchanged { get; init; }

    [JsonPropertyName("deleted")]
    public int Deleted { get; init; }

    [JsonPropertyName("failed")]
    public int Failed { get; init; }

    /// <summary>Missing from a full listing yet not deleted: a direct lookup still found them, or the lookup budget ran out.</summary>
    [JsonPropertyName("vanished_kept")]
    public int VanishedKept { get; init; }

    /// <summary>
    /// Missing from the listing or refused on reading, and a lookup answered 403 (or showed the service account lost
    /// the project's or space's permission): hidden at once, kept for <c>access.graceDays</c>, never counted as deleted.
    /// </summary>
    [JsonPropertyName("access_lost")]
    public int AccessLost { get; init; }

    /// <summary>Hidden documents whose access came back within the grace period: restored without re-embedding.</summary>
    [JsonPropertyName("access_restored")]
    public int AccessRestored { get; init; }

    /// <summary>Hidden longer than <c>access.graceDays</c> and purged.</summary>
    [JsonPropertyName("access_purged")]
    public int AccessPurged { get; init; }

    /// <summary>
    /// Read again although the source version was unchanged: the job's pipeline fingerprint (extractor, chunking,
    /// quality rules) differed from the one stored, or <c>--reprocess</c> asked. Also counted as changed or unchanged.
    /// </summary>
    [JsonPropertyName("reprocessed")]
    public int Reprocessed { get; init; }
}

public sealed record DocumentFailure(
    [property: JsonPropertyName("document")] string Document,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("message")] string Message)
{
    /// <summary>
    /// Reasons that say nothing about the document itself (the source was slow or overloaded), so reading it again
    /// unchanged may succeed. Every other reason needs the document to change before a retry can help.
    /// </summary>
    public static bool MayPassOnItsOwn(string reason) => reason is "timeout" or "throttled" or "unavailable" or "unreachable";
}
