namespace Pipeline.Core.Drift;

/// <summary>The names figures are stored and reported under (<c>pipeline.run_figures.name</c>).</summary>
public static class RunFigureNames
{
    public const string CentroidShift = "centroid_shift";
    public const string TokenLengthPsi = "token_length_psi";
    public const string SimilarityPsi = "similarity_psi";
    public const string OcrShare = "ocr_share";
    public const string QualityRejectRate = "quality_reject_rate";
    public const string CanaryRecall = "canary_recall";
    public const string LagMedianSeconds = "lag_median_seconds";
    public const string LagMaxSeconds = "lag_max_seconds";
    public const string NewChunks = "new_chunks";
    public const string BaselineChunks = "baseline_chunks";
}
