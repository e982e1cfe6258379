using System.Text.Json.Serialization;

namespace Pipeline.Core.Redaction;

/// <summary>The <c>redaction</c> part of a run summary: counts only, never a value.</summary>
public sealed record RedactionSummary
{
    /// <summary>Values found, by detector (every action counted, <c>flag</c> included).</summary>
    [JsonPropertyName("detectors")]
    public IReadOnlyDictionary<string, int> Detectors { get; init; } = new Dictionary<string, int>();

    /// <summary>Values found, by what the job did with them (mask, drop-chunk, quarantine-document, flag).</summary>
    [JsonPropertyName("actions")]
    public IReadOnlyDictionary<string, int> Actions { get; init; } = new Dictionary<string, int>();

    /// <summary>Of the values found, those of a secret format: a pasted credential someone should rotate.</summary>
    [JsonPropertyName("secrets")]
    public int Secrets { get; init; }

    [JsonPropertyName("chunks_dropped")]
    public int ChunksDropped { get; init; }

    [JsonPropertyName("documents_quarantined")]
    public int DocumentsQuarantined { get; init; }

    /// <summary>Findings counted but not written to <c>pipeline.redaction_findings</c> (over the per-run bound).</summary>
    [JsonPropertyName("findings_not_stored")]
    public int FindingsNotStored { get; init; }
}
