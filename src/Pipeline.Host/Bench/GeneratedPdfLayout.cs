using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Pipeline.Host.Bench;

/// <summary>
/// Typesets a generated report on A4 pages, Helvetica, ragged right: headings, paragraphs, and ruled tables whose
/// cells sit in fixed columns. Blocks are added until they would need a page beyond the limit, so a caller fills
/// exactly as many pages as it asked for.
/// </summary>
internal sealed class GeneratedPdfLayout
{
    private const double Margin = 64;
    private const double LineSpacing = 1.35;
    private const double BodySize = 10.5;
    private const double CellPadding = 4;

    private readonly PdfDocumentBuilder _builder = new();
    private readonly PdfDocumentBuilder.AddedFont _regular;
    private readonly PdfDocumentBuilder.AddedFont _bold;
    private readonly int _maxPages;
    private PdfPageBuilder _page;
    private double _y;

    public GeneratedPdfLayout(string title, int maxPages)
    {
        _builder.DocumentInformation.Title = title;
        _regular = _builder.AddStandard14Font(Standard14Font.Helvetica);
        _bold = _builder.AddStandard14Font(Standard14Font.HelveticaBold);
        _maxPages = maxPages;
        _page = _builder.AddPage(PageSize.A4);
        _y = Top;
        Pages = 1;
    }

    public int Pages { get; private set; }

    private double Top => _page.PageSize.Height - Margin;

    private double Width => _page.PageSize.Width - 2 * Margin;

    /// <returns>False, writing nothing, when the heading and the start of what follows would not fit on the last page.</returns>
    public bool Heading(string text, int level)
    {
        var size = level == 1 ? 18 : 13;
        var lines = Wrap(text, size, _bold);
        // A heading keeps three body lines of room under it, so it never ends a page alone.
        return Place(lines, size, _bold, spaceBefore: level == 1 ? 0 : 10, spaceAfter: 6, keepWithNext: 3 * BodySize * LineSpacing);
    }

    public bool Paragraph(string text) => Place(Wrap(text, BodySize, _regular), BodySize, _regular, spaceBefore: 0, spaceAfter: 8, keepWithNext: 0);

    /// <summary>A ruled table: the first row is the header (bold); cells are single-line.</summary>
    public bool Table(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var rowHeight = BodySize * LineSpacing + 2 * CellPadding;
        if (!MakeRoom(rows.Count * rowHeight + 10))
        {
            return false;
        }
        var columns = rows[0].Count;
        var columnWidth = Width / columns;
        var top = _y;
        foreach (var (row, index) in rows.Select((r, i) => (r, i)))
        {
            for (var c = 0; c < columns; c++)
            {
                var font = index == 0 ? _bold : _regular;
                _page.AddText(row[c], BodySize, new PdfPoint(Margin + c * columnWidth + CellPadding, _y - CellPadding - BodySize), font);
            }
            _page.DrawLine(new PdfPoint(Margin, _y), new PdfPoint(Margin + Width, _y), 0.5);
            _y -= rowHeight;
        }
        _page.DrawLine(new PdfPoint(Margin, _y), new PdfPoint(Margin + Width, _y), 0.5);
        for (var c = 0; c <= columns; c++)
        {
            _page.DrawLine(new PdfPoint(Margin + c * columnWidth, top), new PdfPoint(Margin + c * columnWidth, _y), 0.5);
        }
        _y -= 10;
        return true;
    }

    public byte[] Build() => _builder.Build();

    private bool Place(List<string> lines, double size, PdfDocumentBuilder.AddedFont font, double spaceBefore, double spaceAfter, double keepWithNext)
    {
        var lineHeight = size * LineSpacing;
        var before = _y < Top ? spaceBefore : 0;
        if (!MakeRoom(before + lines.Count * lineHeight + keepWithNext))
        {
            return false;
        }
        _y -= _y < Top ? spaceBefore : 0;
        foreach (var line in lines)
        {
            _page.AddText(line, size, new PdfPoint(Margin, _y - size), font);
            _y -= lineHeight;
        }
        _y -= spaceAfter;
        return true;
    }

    // A block never splits across pages: it moves whole to a new page, if one is still allowed.
    private bool MakeRoom(double needed)
    {
        if (_y - needed >= Margin || _y >= Top)
        {
            return true;
        }
        if (Pages == _maxPages)
        {
            return false;
        }
        _page = _builder.AddPage(PageSize.A4);
        _y = Top;
        Pages++;
        return true;
    }

    private List<string> Wrap(string text, double size, PdfDocumentBuilder.AddedFont font)
    {
        // Standard 14 fonts have no kerning, so a line's width is the sum of its words' and spaces' widths:
        // measuring each word once keeps writing thousands of files fast.
        var space = Measure(" ", size, font);
        var lines = new List<string>();
        var current = new List<string>();
        var width = 0.0;
        foreach (var word in text.Split(' '))
        {
            var wordWidth = Measure(word, size, font);
            if (current.Count > 0 && width + space + wordWidth > Width)
            {
                lines.Add(string.Join(' ', current));
                current.Clear();
                width = 0;
            }
            width += (current.Count > 0 ? space : 0) + wordWidth;
            current.Add(word);
        }
        lines.Add(string.Join(' ', current));
        return lines;
    }

    private double Measure(string text, double size, PdfDocumentBuilder.AddedFont font) =>
        Widths.GetOrAdd((text, size, font == _bold), key =>
        {
            var letters = _page.MeasureText(key.Text, key.Size, new PdfPoint(0, 0), font);
            return letters.Sum(l => l.EndBaseLine.X - l.StartBaseLine.X);
        });

    // Bounded by the generator's vocabulary, its numbers and site codes: a few thousand entries.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Text, double Size, bool Bold), double> Widths = new();
}
