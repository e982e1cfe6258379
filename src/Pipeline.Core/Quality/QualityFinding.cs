namespace Pipeline.Core.Quality;

/// <summary>One broken rule: a row of <c>pipeline.quality_findings</c>. Quality failures are data, never exceptions.</summary>
/// <param name="ChunkOrdinal">The chunk's ordinal for chunk rules; null for document rules.</param>
public sealed record QualityFinding(string ExternalId, int? ChunkOrdinal, string Rule, QualitySeverity Severity, string Message);
