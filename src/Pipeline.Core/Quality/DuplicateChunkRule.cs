namespace Pipeline.Core.Quality;

/// <summary>A chunk whose text (whitespace and case aside) repeats an earlier chunk of the same document.</summary>
public sealed class DuplicateChunkRule() : QualityRule(QualitySeverity.Warn);
