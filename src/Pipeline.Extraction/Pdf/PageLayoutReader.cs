using Pipeline.Extraction.Pdf.Layout;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Reads one page into text regions in reading order. Layout analysis (rather than content-stream order) is
/// what makes a two-column page read column by column; tables are found before it and kept whole, row by row.
/// </summary>
internal static class PageLayoutReader
{
    /// <param name="usedFallback">True when layout analysis failed and the page was read in content order.</param>
    public static IReadOnlyList<TextRegion> Read(Page page, out bool usedFallback)
    {
        try
        {
            usedFallback = false;
            return ReadLayout(page);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Layout analysis does geometry on whatever the content stream produced and can trip over
            // degenerate input; the content-order text is worse but far better than losing the page.
            usedFallback = true;
            return ReadContentOrder(page);
        }
    }

    private static List<WordLine> HorizontalLines(IEnumerable<Word> words) =>
        WordLine.Group(words.Where(w => w.TextOrientation == TextOrientation.Horizontal));

    private static List<TextRegion> ReadLayout(Page page)
    {
        // Space letters are kept while building words because they are the most reliable word boundary; they
        // are dropped afterwards since a block of nothing but spaces only confuses block segmentation.
        var letters = GlyphBoxCorrection.Apply(UprightLetters.Apply(page.Letters, page.Width, page.Height));
        var words = LetterWords.Get(letters)
            .Where(w => !string.IsNullOrWhiteSpace(w.Text))
            .ToList();
        if (words.Count == 0)
        {
            return [];
        }

        // Tables are found first and their words kept away from block segmentation, which would otherwise cut
        // each column into a block of its own and read the table column by column.
        var lines = HorizontalLines(words);
        var tables = TableDetector.Find(lines);
        var tableWords = tables.SelectMany(t => t.Words).ToHashSet(ReferenceEqualityComparer.Instance);
        var rest = words.Where(w => !tableWords.Contains(w)).ToList();
        // Column detection needs the lines of the words left over. With no table those are all the words, in
        // the same order, and grouping them again would give the same lines.
        var restLines = tables.Count == 0 ? lines : HorizontalLines(rest);

        // Each table joins the blocks as one block so that it takes its place in the reading order.
        var tableBlocks = new Dictionary<TextBlock, DetectedTable>(ReferenceEqualityComparer.Instance);
        foreach (var table in tables)
        {
            tableBlocks[new TextBlock(table.Lines.Select(l => new TextLine(l)).ToList())] = table;
        }

        // A page set in columns is read section by section (see ColumnSections); any other page as one section.
        var sections = ColumnSections.Split(rest, restLines) ?? [rest];
        var sectionTables = sections.Select(_ => new List<TextBlock>()).ToList();
        if (tableBlocks.Count > 0)
        {
            var bounds = sections.Select(s => s.Count > 0 ? s.Select(w => w.BoundingBox).Aggregate(Union) : (PdfRectangle?)null).ToList();
            foreach (var block in tableBlocks.Keys)
            {
                sectionTables[NearestSection(bounds, block.BoundingBox)].Add(block);
            }
        }
        var ordered = new List<TextBlock>();
        for (var i = 0; i < sections.Count; i++)
        {
            var blocks = sections[i].Count > 0 ? DocstrumBlocks.Get(sections[i]) : [];
            blocks.AddRange(sectionTables[i]);
            ordered.AddRange(BlockReadingOrder.Of(blocks));
        }

        var regions = new List<TextRegion>();
        foreach (var block in ordered)
        {
            if (tableBlocks.TryGetValue(block, out var table))
            {
                regions.Add(TableRegion(table, block, page.Number));
                continue;
            }
            foreach (var region in TextBlockRegions.From(block, page.Number))
            {
                if (regions.Count > 0 && ContinuesHyphenatedWord(regions[^1], region))
                {
                    regions[^1] = regions[^1] with { Text = regions[^1].Text[..^1] + region.Text, Lines = regions[^1].Lines + region.Lines };
                    continue;
                }
                regions.Add(region);
            }
        }
        return regions;
    }

    /// <summary>
    /// A paragraph that breaks at the foot of a column inside a word ("manda-") goes on at the top of the next
    /// column ("tory funds …"); the two blocks are one paragraph and the word is rejoined.
    /// </summary>
    private static bool ContinuesHyphenatedWord(TextRegion previous, TextRegion next) =>
        previous.Rows is null && next.Rows is null
        && previous.IsHorizontal && next.IsHorizontal
        && previous.Text.Length >= 2 && previous.Text[^1] == '-' && char.IsLower(previous.Text[^2])
        && next.Text.Length > 0 && char.IsLower(next.Text[0])
        && next.ListMarker == ListMarker.None
        && Math.Abs(previous.FontSize - next.FontSize) < 0.5;

    /// <summary>The section (by its bounds; null when empty) a table overlaps most, or the nearest one when it overlaps none.</summary>
    private static int NearestSection(List<PdfRectangle?> sections, PdfRectangle box)
    {
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < sections.Count; i++)
        {
            if (sections[i] is not { } area)
            {
                continue;
            }
            var overlapX = Math.Min(area.Right, box.Right) - Math.Max(area.Left, box.Left);
            var overlapY = Math.Min(area.Top, box.Top) - Math.Max(area.Bottom, box.Bottom);
            var score = overlapX > 0 && overlapY > 0 ? overlapX * overlapY : -Math.Max(-overlapX, 0) - Math.Max(-overlapY, 0);
            if (score > bestScore)
            {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    private static PdfRectangle Union(PdfRectangle a, PdfRectangle b) =>
        new(Math.Min(a.Left, b.Left), Math.Min(a.Bottom, b.Bottom), Math.Max(a.Right, b.Right), Math.Max(a.Top, b.Top));

    private static TextRegion TableRegion(DetectedTable table, TextBlock block, int page) =>
        new(string.Join('\n', table.Rows.Select(r => string.Join(" | ", r))), page, DominantSize(block), block.TextLines.Count, IsHorizontal: true)
        {
            Rows = table.Rows,
        };

    private static List<TextRegion> ReadContentOrder(Page page)
    {
        var text = ContentOrderTextExtractor.GetText(page, addDoubleNewline: true);

        // Without geometry the only paragraph signal left is an empty line.
        var paragraphs = text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        return paragraphs
            .Select(TextNormaliser.Normalise)
            .Where(HasWordCharacters)
            .Select(p => new TextRegion(p, page.Number, FontSize: 0, Lines: 1, IsHorizontal: true))
            .ToList();
    }

    /// <summary>Blocks of only bullets, rules or stray punctuation carry nothing worth embedding.</summary>
    private static bool HasWordCharacters(string text) => text.Any(char.IsLetterOrDigit);

    private static double DominantSize(TextBlock block) =>
        block.TextLines
            .SelectMany(l => l.Words)
            .SelectMany(w => w.Letters)
            .GroupBy(l => Math.Round(l.PointSize * 2) / 2)
            .MaxBy(g => g.Count())
            ?.Key ?? 0;
}
