using UglyToad.PdfPig.Content;

namespace Pipeline.Extraction.Pdf;

/// <summary>A table found on a page: its words line by line (taken out of layout analysis) and its cells row by row, header first.</summary>
internal sealed record DetectedTable(IReadOnlyList<IReadOnlyList<Word>> Lines, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public IEnumerable<Word> Words => Lines.SelectMany(l => l);
}
