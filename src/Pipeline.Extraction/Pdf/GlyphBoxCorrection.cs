using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Replaces glyph boxes that cannot be right with boxes built from the glyph's advance along its baseline.
/// For a non-embedded font PdfPig may lack per-glyph metrics and give every letter the font's whole bounding
/// box (seen in Word files printed through Acrobat Distiller): neighbouring words then overlap, and the layout
/// analysis glues words together and scrambles lines. The advance is always known because it positions the
/// next glyph, so it is the reliable measure.
/// </summary>
internal static class GlyphBoxCorrection
{
    // Cap height as a share of the font size: close enough for grouping lines, which is all the box is used for.
    private const double CapHeight = 0.7;

    public static IReadOnlyList<Letter> Apply(IReadOnlyList<Letter> letters)
    {
        List<Letter>? corrected = null;
        for (var i = 0; i < letters.Count; i++)
        {
            var letter = letters[i];
            var replacement = Correct(letter);
            if (replacement is null)
            {
                corrected?.Add(letter);
                continue;
            }
            corrected ??= new List<Letter>(letters.Take(i));
            corrected.Add(replacement);
        }
        return corrected ?? letters;
    }

    private static Letter? Correct(Letter letter)
    {
        var dx = letter.EndBaseLine.X - letter.StartBaseLine.X;
        var dy = letter.EndBaseLine.Y - letter.StartBaseLine.Y;
        var advance = Math.Sqrt(dx * dx + dy * dy);
        var glyphWidth = letter.BoundingBox.Width;

        // A real glyph may overhang its advance a little (italics, kerning pairs) but is never both far wider
        // than its advance and wider than most of an em.
        if (advance <= 0 || glyphWidth <= 1.5 * advance || glyphWidth <= 0.8 * letter.PointSize)
        {
            return null;
        }

        var height = letter.PointSize * CapHeight;
        var normalX = -dy / advance * height;
        var normalY = dx / advance * height;
        var bottomLeft = letter.StartBaseLine;
        var bottomRight = letter.EndBaseLine;
        var box = new PdfRectangle(
            new PdfPoint(bottomLeft.X + normalX, bottomLeft.Y + normalY),
            new PdfPoint(bottomRight.X + normalX, bottomRight.Y + normalY),
            bottomLeft,
            bottomRight);

        return new Letter(
            letter.Value, box, box, letter.StartBaseLine, letter.EndBaseLine, letter.Width, letter.FontSize,
            letter.FontDetails, letter.RenderingMode, letter.StrokeColor, letter.FillColor, letter.PointSize,
            letter.TextSequence);
    }
}
