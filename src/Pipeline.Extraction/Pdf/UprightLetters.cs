using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Turns a page whose text runs sideways or upside down (a landscape table set on a portrait page, or a page
/// whose /Rotate does not match how its text was drawn) so that its text reads left to right. Word and line
/// grouping only work on horizontal text: sideways letters come out as one-letter-wide words in scrambled order.
/// </summary>
internal static class UprightLetters
{
    // A page is turned only when most of its text agrees on one direction; a sideways margin stamp on an
    // upright page must not turn the page.
    private const double MajorityShare = 0.5;

    private static readonly int OrientationSlots = Enum.GetValues<TextOrientation>().Max(o => (int)o) + 1;

    public static IReadOnlyList<Letter> Apply(IReadOnlyList<Letter> letters, double pageWidth, double pageHeight)
    {
        // Counted in place: this runs on every page, and nearly every page is all horizontal.
        var counts = new int[OrientationSlots];
        var firstSeen = new int[OrientationSlots];
        var visible = 0;
        foreach (var letter in letters)
        {
            if (string.IsNullOrWhiteSpace(letter.Value))
            {
                continue;
            }
            var slot = (int)letter.TextOrientation;
            if (counts[slot] == 0)
            {
                firstSeen[slot] = visible;
            }
            counts[slot]++;
            visible++;
        }
        if (visible == 0)
        {
            return letters;
        }
        // The most common direction; on a tie, the one met first (as grouping the letters and taking the largest group did).
        var dominantSlot = -1;
        for (var slot = 0; slot < OrientationSlots; slot++)
        {
            if (counts[slot] > 0
                && (dominantSlot < 0 || counts[slot] > counts[dominantSlot]
                    || (counts[slot] == counts[dominantSlot] && firstSeen[slot] < firstSeen[dominantSlot])))
            {
                dominantSlot = slot;
            }
        }
        var dominant = (TextOrientation)dominantSlot;
        if (dominant is TextOrientation.Horizontal or TextOrientation.Other || counts[dominantSlot] <= visible * MajorityShare)
        {
            return letters;
        }

        // Each mapping turns the dominant writing direction into +x and keeps coordinates positive.
        Func<PdfPoint, PdfPoint> turn = dominant switch
        {
            TextOrientation.Rotate90 => p => new PdfPoint(pageHeight - p.Y, p.X),
            TextOrientation.Rotate270 => p => new PdfPoint(p.Y, pageWidth - p.X),
            _ => p => new PdfPoint(pageWidth - p.X, pageHeight - p.Y),
        };
        return letters.Select(l => Turn(l, turn)).ToList();
    }

    private static Letter Turn(Letter letter, Func<PdfPoint, PdfPoint> turn) =>
        new(
            letter.Value,
            Turn(letter.BoundingBox, turn),
            Turn(letter.GlyphRectangleLoose, turn),
            turn(letter.StartBaseLine),
            turn(letter.EndBaseLine),
            letter.Width,
            letter.FontSize,
            letter.FontDetails,
            letter.RenderingMode,
            letter.StrokeColor,
            letter.FillColor,
            letter.PointSize,
            letter.TextSequence);

    private static PdfRectangle Turn(PdfRectangle box, Func<PdfPoint, PdfPoint> turn) =>
        new(turn(box.TopLeft), turn(box.TopRight), turn(box.BottomLeft), turn(box.BottomRight));
}
