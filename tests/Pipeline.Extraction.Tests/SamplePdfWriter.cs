using Pipeline.Core.Documents;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Pipeline.Extraction.Tests;

/// <summary>
/// Typesets a <see cref="SampleSource"/> as a plain A4 report: Helvetica, ragged right, no hyphenation,
/// blank space between paragraphs. Paragraphs are never split across pages and a heading stays with the
/// start of its section, so the extracted blocks can be compared one for one with the source.
/// </summary>
internal static class SamplePdfWriter
{
    private const double Margin = 72;
    private const double BodySize = 11;
    private const double LineSpacing = 1.4;
    private const double ParagraphGap = 11;

    private sealed record Style(double Size, double SpaceBefore, double SpaceAfter, bool Bold);

    private static readonly Style Title = new(20, 0, 14, Bold: true);
    private static readonly Style Section = new(14, 12, 8, Bold: true);
    private static readonly Style Body = new(BodySize, 0, ParagraphGap, Bold: false);

    public static byte[] Write(SampleSource source)
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = source.Title;
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);

        var page = builder.AddPage(PageSize.A4);
        var width = page.PageSize.Width - 2 * Margin;
        var top = page.PageSize.Height - Margin;
        var y = top;

        var blocks = source.Blocks;
        for (var i = 0; i < blocks.Count; i++)
        {
            var style = StyleOf(blocks[i]);
            var font = style.Bold ? bold : regular;
            var lines = Wrap(page, blocks[i].Text, style.Size, font, width);
            var lineHeight = style.Size * LineSpacing;

            // A heading must not be left alone at the foot of a page: reserve room for the next block's
            // first three lines too.
            var needed = style.SpaceBefore + lines.Count * lineHeight;
            if (blocks[i].Kind == BlockKind.Heading && i + 1 < blocks.Count)
            {
                needed += style.SpaceAfter + 3 * StyleOf(blocks[i + 1]).Size * LineSpacing;
            }
            if (y - needed < Margin && y < top)
            {
                page = builder.AddPage(PageSize.A4);
                y = top;
            }
            else if (y < top)
            {
                y -= style.SpaceBefore;
            }

            foreach (var line in lines)
            {
                page.AddText(line, style.Size, new PdfPoint(Margin, y - style.Size), font);
                y -= lineHeight;
            }
            y -= style.SpaceAfter;
        }
        return builder.Build();
    }

    private static Style StyleOf(Block block) =>
        block.Kind != BlockKind.Heading ? Body : block.Level == 1 ? Title : Section;

    private static List<string> Wrap(PdfPageBuilder page, string text, double size, PdfDocumentBuilder.AddedFont font, double width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = current.Length == 0 ? word : $"{current} {word}";
            if (current.Length > 0 && Measure(page, candidate, size, font) > width)
            {
                lines.Add(current);
                candidate = word;
            }
            current = candidate;
        }
        lines.Add(current);
        return lines;
    }

    private static double Measure(PdfPageBuilder page, string text, double size, PdfDocumentBuilder.AddedFont font)
    {
        var letters = page.MeasureText(text, size, new PdfPoint(0, 0), font);
        return letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X;
    }
}
