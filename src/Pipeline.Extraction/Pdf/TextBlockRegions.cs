using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Turns one layout block into regions. Usually that is one region, but layout analysis glues a bold heading
/// line set at body size to the paragraph under it, and the items of a list into one block; both are cut
/// apart here, where the lines and their fonts are still known.
/// </summary>
internal static class TextBlockRegions
{
    // Nearly all, not all: a bold heading may contain an italic or symbol glyph.
    private const double BoldShare = 0.9;

    public static IEnumerable<TextRegion> From(TextBlock block, int page)
    {
        var isHorizontal = block.TextLines.All(l => l.TextOrientation == TextOrientation.Horizontal);
        var lines = isHorizontal ? ByBaseline(block) : block.TextLines;
        foreach (var part in Parts(lines, isHorizontal))
        {
            var text = TextNormaliser.Normalise(string.Join('\n', part.Select(LineText)));
            var marker = ListItemStart.Of(LineText(part[0]));
            if (marker == ListMarker.Bullet)
            {
                text = ListItemStart.WithoutBullet(text);
            }
            if (!text.Any(char.IsLetterOrDigit))
            {
                // Blocks of only bullets, rules or stray punctuation carry nothing worth embedding.
                continue;
            }
            var letters = part.SelectMany(l => l.Words).SelectMany(w => w.Letters).ToList();
            yield return new TextRegion(text, page, DominantSize(letters), part.Count, isHorizontal)
            {
                IsBold = IsBold(letters),
                ListMarker = marker,
            };
        }
    }

    /// <summary>
    /// The block's words regrouped into lines by baseline, each left to right. Layout analysis cuts a justified
    /// line with wide word spaces into several one-word lines on the same baseline and then orders those by
    /// something other than x, which read a heading as "Promotes Job to Approaches New Training".
    /// </summary>
    private static IReadOnlyList<TextLine> ByBaseline(TextBlock block) =>
        WordLine.Group(block.TextLines.SelectMany(l => l.Words))
            .Select(l => new TextLine(l.Words))
            .ToList();

    private static string LineText(TextLine line) => RightToLeftLine.Applies(line.Words) ? RightToLeftLine.Text(line.Words) : line.Text;

    private static IEnumerable<List<TextLine>> Parts(IReadOnlyList<TextLine> lines, bool isHorizontal)
    {
        if (!isHorizontal || lines.Count < 2)
        {
            yield return lines.ToList();
            yield break;
        }
        var listStarts = ListItemStart.Of(lines[0].Text) != ListMarker.None;
        var leadIsHeading = !listStarts && IsBoldLead(lines);
        var current = new List<TextLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var startsPart = i > 0 && ((leadIsHeading && i == 1) || (listStarts && ListItemStart.Of(lines[i].Text) != ListMarker.None));
            if (startsPart)
            {
                yield return current;
                current = [];
            }
            current.Add(lines[i]);
        }
        yield return current;
    }

    /// <summary>
    /// A first line in bold over lines that are not is a heading glued to its paragraph. A line that ends in a
    /// hyphen continues into the next and is not one, and neither is a bold run-in head ("Encoders Although in
    /// principle…"), which layout analysis may cut off as a line of its own on the same baseline, nor one that
    /// wraps onto the next line in bold: those are part of their paragraph.
    /// </summary>
    private static bool IsBoldLead(IReadOnlyList<TextLine> lines)
    {
        var lead = lines[0];
        var size = Letters(lead).Select(l => l.PointSize).DefaultIfEmpty(0).Max();
        return IsBold(Letters(lead))
               && !lead.Text.TrimEnd().EndsWith('-')
               && lead.BoundingBox.Bottom - lines[1].BoundingBox.Bottom > 0.5 * size
               && !IsBold(lines.Skip(1).SelectMany(Letters).ToList())
               && !IsBold(Letters(lines[1]).Take(FirstWordLetters(lines[1])).ToList());
    }

    /// <summary>A run-in head that wraps ("Promotes New Approaches to Job / Training and Employment Services. As…") goes on in bold on the next line.</summary>
    private static int FirstWordLetters(TextLine line) => line.Words.Count == 0 ? 0 : line.Words[0].Letters.Count;

    private static List<Letter> Letters(TextLine line) => line.Words.SelectMany(w => w.Letters).ToList();

    private static bool IsBold(IReadOnlyList<Letter> letters)
    {
        var visible = letters.Where(l => l.Value.Length > 0 && char.IsLetterOrDigit(l.Value[0])).ToList();
        return visible.Count > 0 && visible.Count(FontWeight.IsBold) >= BoldShare * visible.Count;
    }

    private static double DominantSize(IEnumerable<Letter> letters) =>
        letters
            .GroupBy(l => Math.Round(l.PointSize * 2) / 2)
            .MaxBy(g => g.Count())
            ?.Key ?? 0;
}
