namespace Pipeline.Core.Documents;

/// <summary>A document as extracted from its source, before chunking.</summary>
/// <param name="ExternalId">The id the source knows it by (relative path, issue key, page id).</param>
/// <param name="Pages">Page count, 0 when the source has no pages.</param>
public sealed record SourceDocument(
    string ExternalId,
    string Title,
    IReadOnlyList<Block> Blocks,
    int Pages,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Per-page extraction details (text layer or OCR, confidence); empty for sources without pages.</summary>
    public IReadOnlyList<PageInfo> PageDetails { get; init; } = [];

    /// <summary>
    /// Who may read it, as the source grants it (a PDF folder: the job's <c>access</c> list). Null means the source
    /// said nothing, and the document is stored readable by nobody: access is denied unless granted.
    /// </summary>
    public Access.DocumentAccess? Access { get; init; }

    /// <summary>
    /// Hash of what is embedded: a change elsewhere (metadata, file timestamps) must not cause re-embedding.
    /// </summary>
    public string ContentHash() => Hashing.ContentHash.Of(Title, Blocks.Select(b => $"{(int)b.Kind}:{b.Level}:{b.Text}"));
}
