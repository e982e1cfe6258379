using Pipeline.Core.Documents;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// Appends converted blocks in reading order and drops the empty ones, which rich-text editors leave behind
/// in numbers (empty paragraphs, image-only list items) and which would only become empty chunks.
/// </summary>
internal sealed class BlockWriter
{
    private const int NoPage = 0;
    private const int MaxHeadingLevel = 6;

    private readonly List<Block> _blocks = [];

    public IReadOnlyList<Block> Blocks => _blocks;

    public void Heading(string text, int level)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            _blocks.Add(Block.Heading(text, Math.Clamp(level, 1, MaxHeadingLevel), NoPage));
        }
    }

    public void Paragraph(string text, string prefix)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            _blocks.Add(Block.Paragraph(prefix + text, NoPage));
        }
    }

    /// <param name="marker">"3. " for ordered lists, "[x] " for tasks; empty for bullets.</param>
    public void ListItem(string text, int level, string marker)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            _blocks.Add(new Block(BlockKind.ListItem, marker + text, NoPage, NoPage, Math.Max(1, level)));
        }
    }

    /// <param name="text">Kept exactly, newlines and indentation included.</param>
    public void Code(string text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            _blocks.Add(new Block(BlockKind.Code, text, NoPage, NoPage));
        }
    }

    /// <param name="rows">Header row first when the source has one; rows with no text at all are dropped.</param>
    public void Table(IEnumerable<IReadOnlyList<string>> rows)
    {
        var kept = rows.Where(row => row.Any(cell => cell.Length > 0)).ToList();
        if (kept.Count == 0)
        {
            return;
        }
        // The same rendering as the PDF tables, so both hash and chunk alike.
        var text = string.Join('\n', kept.Select(row => string.Join(" | ", row)));
        _blocks.Add(new Block(BlockKind.Table, text, NoPage, NoPage, Rows: kept));
    }
}
