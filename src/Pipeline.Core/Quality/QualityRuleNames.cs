namespace Pipeline.Core.Quality;

/// <summary>
/// The stable names of the quality rules: error codes of the validators, keys of the run report, the
/// <c>rule</c> column of <c>pipeline.quality_findings</c> and, prefixed with <c>quality:</c>, a quarantine reason.
/// </summary>
public static class QualityRuleNames
{
    public const string EmptyText = "empty-text";

    public const string Oversized = "oversized";

    public const string OcrConfidence = "ocr-confidence";

    public const string GarbageRatio = "garbage-ratio";

    public const string ChunkTooShort = "chunk-too-short";

    public const string ChunkGarbageRatio = "chunk-garbage-ratio";

    public const string DuplicateChunk = "duplicate-chunk";

    public const string BoilerplateChunk = "boilerplate-chunk";

    /// <summary>The quarantine reason of a document that broke <paramref name="rule"/>.</summary>
    public static string Reason(string rule) => "quality:" + rule;
}
