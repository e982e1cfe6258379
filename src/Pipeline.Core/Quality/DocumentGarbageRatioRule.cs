namespace Pipeline.Core.Quality;

/// <summary>A whole document of garbage is an extraction failure: quarantined by default.</summary>
public sealed class DocumentGarbageRatioRule() : GarbageRatioRule(QualitySeverity.Reject);
