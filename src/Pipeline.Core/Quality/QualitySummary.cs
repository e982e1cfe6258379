using System.Text.Json.Serialization;

namespace Pipeline.Core.Quality;

/// <summary>The quality section of a run summary: what each rule found, with a few examples.</summary>
public sealed record QualitySummary
{
    /// <summary>By rule name; a rule that found nothing is absent.</summary>
    [JsonPropertyName("rules")]
    public IReadOnlyDictionary<string, QualityRuleSummary> Rules { get; init; } = new Dictionary<string, QualityRuleSummary>();

    [JsonPropertyName("documents_rejected")]
    public int DocumentsRejected { get; init; }

    [JsonPropertyName("chunks_rejected")]
    public int ChunksRejected { get; init; }

    [JsonPropertyName("warnings")]
    public int Warnings { get; init; }

    /// <summary>Warnings beyond the job's <c>maxStoredWarningsPerRun</c>: counted here, not written to <c>pipeline.quality_findings</c>.</summary>
    [JsonPropertyName("warnings_not_stored")]
    public int WarningsNotStored { get; init; }
}
