namespace Pipeline.Core.Chunking;

/// <summary>A piece of a document sized for the embedding model.</summary>
/// <param name="Text">The clean text shown to users and stored.</param>
/// <param name="EmbeddingText">What the model embeds: the heading path may be prepended to <see cref="Text"/>.</param>
/// <param name="TokenCount">Model tokens of <see cref="EmbeddingText"/>, special tokens excluded.</param>
/// <param name="ContentHash">Hash of <see cref="EmbeddingText"/>: equal hashes can share a vector.</param>
public sealed record Chunk(
    int Ordinal,
    string Text,
    string EmbeddingText,
    int TokenCount,
    string ContentHash,
    IReadOnlyList<string> HeadingPath,
    int PageStart,
    int PageEnd)
{
    /// <summary>Tokens of the heading prefix in <see cref="EmbeddingText"/> (what the prefix costs the model).</summary>
    public int PrefixTokens { get; init; }

    /// <summary>Tokens at the start of <see cref="Text"/> repeated from the chunk before (what the overlap costs the model).</summary>
    public int OverlapTokens { get; init; }
}
