using Pipeline.Core.Chunking;

namespace Pipeline.Core.Quality;

/// <summary>What the quality rules decided about one document and its chunks.</summary>
/// <param name="Findings">Every broken rule, rejections and warnings alike.</param>
/// <param name="Rejection">Set when the document is quarantined: the rule (its reason) and the message with the figures.</param>
/// <param name="KeptChunks">
/// The chunks that passed or only drew warnings, in order; when some were dropped, renumbered 0..n-1 as stored.
/// A finding's chunk ordinal is always the chunk's ordinal as chunked, before any was dropped.
/// </param>
public sealed record QualityVerdict(IReadOnlyList<QualityFinding> Findings, QualityFinding? Rejection, IReadOnlyList<Chunk> KeptChunks);
