namespace Pipeline.Core.Quality;

/// <summary>One garbled chunk (a mangled table, a bad OCR region) in a good document: counted by default, not dropped.</summary>
public sealed class ChunkGarbageRatioRule() : GarbageRatioRule(QualitySeverity.Warn);
