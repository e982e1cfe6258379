namespace Pipeline.Core.Documents;

/// <summary>
/// One structural unit of a document. Every source (PDF, Jira, Confluence) maps onto these blocks so that one
/// chunker serves them all. Pages are 1-based; sources without pages use 0.
/// </summary>
/// <param name="Level">Heading level (1 = top) for <see cref="BlockKind.Heading"/>; list nesting depth for list items; else 0.</param>
/// <param name="Rows">Cells of a <see cref="BlockKind.Table"/>, header row first; null for other kinds.</param>
public sealed record Block(
    BlockKind Kind,
    string Text,
    int PageStart,
    int PageEnd,
    int Level = 0,
    IReadOnlyList<IReadOnlyList<string>>? Rows = null)
{
    public static Block Heading(string text, int level, int page) => new(BlockKind.Heading, text, page, page, level);

    public static Block Paragraph(string text, int page) => new(BlockKind.Paragraph, text, page, page);
}
