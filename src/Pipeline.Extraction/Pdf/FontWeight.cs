using System.Collections.Concurrent;
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

    private const int MaxCachedNames = 4096;

    // Shared by concurrent extractions, hence concurrent. The answer depends on the name alone.
    private static readonly ConcurrentDictionary<string, bool> BoldByName = new(StringComparer.Ordinal);

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
        // Asked for every letter of every region, of a handful of fonts per document: look at each name once.
        if (BoldByName.TryGetValue(name, out var bold))
        {
            return bold;
        }
        bold = NameSaysBold(name);
        // Font names vary from document to document; a long-running service must not keep them all.
        if (BoldByName.Count >= MaxCachedNames)
        {
            BoldByName.Clear();
        }
        BoldByName[name] = bold;
        return bold;
    }

    private static bool NameSaysBold(string name)
    {
        // A subset prefix ("ABCDEF+") is random letters and could spell a marker by chance.
        var plus = name.IndexOf('+');
        var family = (plus >= 0 ? name[(plus + 1)..] : name).ToLowerInvariant();
        return BoldMarkers.Any(family.Contains);
    }
}
