using UglyToad.PdfPig.Content;

namespace Pipeline.Extraction.Pdf;

/// <summary>Words of one line that sit together, set apart from their neighbours by a gap wider than a word space.</summary>
internal sealed record TableCell(IReadOnlyList<Word> Words)
{
    public double Left => Words[0].BoundingBox.Left;

    public double Right => Words[^1].BoundingBox.Right;

    public double Width => Right - Left;

    public string Text => string.Join(' ', Words.Select(w => w.Text));

    /// <summary>Splits a line wherever the gap between two words is at least <paramref name="minimumGap"/>.</summary>
    public static List<TableCell> Split(WordLine line, double minimumGap)
    {
        var cells = new List<TableCell>();
        var current = new List<Word> { line.Words[0] };
        for (var i = 1; i < line.Words.Count; i++)
        {
            if (line.Words[i].BoundingBox.Left - line.Words[i - 1].BoundingBox.Right >= minimumGap)
            {
                cells.Add(new TableCell(current));
                current = [];
            }
            current.Add(line.Words[i]);
        }
        cells.Add(new TableCell(current));
        return cells;
    }
}
