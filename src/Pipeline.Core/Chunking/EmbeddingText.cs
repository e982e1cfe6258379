using Pipeline.Core.Hashing;

namespace Pipeline.Core.Chunking;

/// <summary>
/// What a model embeds for a stored chunk: its text, after the heading prefix when the chunker prepended one
/// (<c>prefix + "\n\n" + text</c>, see <see cref="StructureChunker"/>). The index stores the prefix, so another model
/// can embed a chunk without re-extracting its document.
/// </summary>
public static class EmbeddingText
{
    private const string Separator = "\n\n";

    /// <summary>The prefix the chunker put before <see cref="Chunk.Text"/>; empty when it put none.</summary>
    public static string PrefixOf(Chunk chunk) =>
        chunk.EmbeddingText.Length == chunk.Text.Length ? "" : chunk.EmbeddingText[..(chunk.EmbeddingText.Length - chunk.Text.Length - Separator.Length)];

    public static string Compose(string prefix, string text) => prefix.Length == 0 ? text : prefix + Separator + text;

    /// <summary>
    /// For a chunk stored without its prefix (before it was stored): the text whose hash is the chunk's content hash,
    /// trying no prefix, then the heading path shortened from the top as the chunker shortens it. Null when none matches.
    /// </summary>
    public static string? Recover(string text, IReadOnlyList<string> headingPath, string contentHash)
    {
        if (ContentHash.Of(text) == contentHash)
        {
            return text;
        }
        for (var skip = 0; skip < headingPath.Count; skip++)
        {
            var candidate = Compose(string.Join(StructureChunker.HeadingSeparator, headingPath.Skip(skip)), text);
            if (ContentHash.Of(candidate) == contentHash)
            {
                return candidate;
            }
        }
        return null;
    }
}
