using System.Text.Json.Serialization;

namespace Pipeline.Core.Drift;

/// <summary>
/// A job's drift thresholds (the <c>drift</c> object of a job file). Defaults are loose enough that adding more
/// documents of the same kind stays quiet, and tight enough that a different language, a scanned batch or a
/// broken extractor does not.
/// </summary>
public sealed record DriftOptions
{
    /// <summary>Largest 1 − cosine between the run's centroid and the baseline's.</summary>
    [JsonPropertyName("maxCentroidShift")]
    public double MaxCentroidShift { get; init; } = 0.2;

    /// <summary>Largest PSI of chunk lengths beyond the sampling noise of the run's sample sizes (stored threshold = this + noise).</summary>
    [JsonPropertyName("maxTokenLengthPsi")]
    public double MaxTokenLengthPsi { get; init; } = 0.25;

    /// <summary>Largest PSI of similarities to the baseline centroid beyond the sampling noise (stored threshold = this + noise).</summary>
    [JsonPropertyName("maxSimilarityPsi")]
    public double MaxSimilarityPsi { get; init; } = 0.25;

    /// <summary>Largest share of the run's pages whose text came from OCR.</summary>
    [JsonPropertyName("maxOcrShare")]
    public double MaxOcrShare { get; init; } = 0.5;

    /// <summary>Largest share of the run's read documents quarantined by a quality rule.</summary>
    [JsonPropertyName("maxQualityRejectRate")]
    public double MaxQualityRejectRate { get; init; } = 0.2;

    /// <summary>Lowest share of the job's canaries that must find their document (recall@k); by default every one.</summary>
    [JsonPropertyName("minCanaryRecall")]
    public double MinCanaryRecall { get; init; } = 1;

    /// <summary>Embedding figures of a run with fewer new chunks are stored but not judged: a handful of chunks is noise.</summary>
    [JsonPropertyName("minChunks")]
    public int MinChunks { get; init; } = 10;

    /// <summary>Most chunks read from each side (baseline, run), a fixed sample by chunk id, so a large index stays cheap.</summary>
    [JsonPropertyName("sampleChunks")]
    public int SampleChunks { get; init; } = 5000;

    /// <summary>The figures of one run judged against these thresholds.</summary>
    public IReadOnlyList<RunFigure> Judge(EmbeddingDrift drift, int newChunks, int baselineChunks, double? ocrShare, double? rejectRate)
    {
        var enough = newChunks >= MinChunks;
        return
        [
            RunFigure.AtMost(RunFigureNames.CentroidShift, drift.CentroidShift, MaxCentroidShift, enough),
            // A PSI threshold holds above what samples of this size read by chance, so small runs do not cry wolf.
            RunFigure.AtMost(RunFigureNames.TokenLengthPsi, drift.TokenLengthPsi, MaxTokenLengthPsi + drift.TokenLengthNoise, enough),
            RunFigure.AtMost(RunFigureNames.SimilarityPsi, drift.SimilarityPsi, MaxSimilarityPsi + drift.SimilarityNoise, enough),
            RunFigure.AtMost(RunFigureNames.OcrShare, ocrShare, MaxOcrShare),
            RunFigure.AtMost(RunFigureNames.QualityRejectRate, rejectRate, MaxQualityRejectRate),
            RunFigure.Recorded(RunFigureNames.NewChunks, newChunks),
            RunFigure.Recorded(RunFigureNames.BaselineChunks, baselineChunks),
        ];
    }
}
