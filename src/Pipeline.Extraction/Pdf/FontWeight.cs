using UglyToad.PdfPig.Content;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Tells bold glyphs from regular ones. Most PDFs carry the weight only in the font name ("Helvetica-Bold",
/// "Arial,Bold", "NimbusRomNo9L-Medi"), rarely in the font descriptor's flags, so both are read.
/// </summary>
internal static class FontWeight
{
    // "Medi" is URW's Times substitute for bold (NimbusRomNo9L-Medi), the weight LaTeX papers set headings in.
    private static readonly string[] BoldMarkers = ["bold", "black", "heavy", "semibold", "demi", "-medi", ",medi", "-bd", "extrab", "ultrab"];

    public static bool IsBold(Letter letter)
    {
        if (letter.FontDetails is { } details && (details.IsBold || details.Weight >= 600))
        {
            return true;
        }
        var name = letter.FontName;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }
        // A subset prefix ("ABCDEF+") is random letters and could spell a marker by chance.
        var plus = name.IndexOf('+');
        var family = (plus >= 0 ? name[(plus + 1)..] : name).ToLowerInvariant();
        return BoldMarkers.Any(family.Contains);
    }
}
