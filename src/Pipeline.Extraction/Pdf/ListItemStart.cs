using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Extraction.Pdf;

/// <summary>Recognises the start of a list item on a line of raw page text.</summary>
internal static partial class ListItemStart
{
    private const string BulletGlyphs = "•◦▪▫‣∙●○■□►▸➢➤✓✔";
    private const string BulletDashes = "-–—*";

    public static ListMarker Of(string line)
    {
        var text = line.Trim();
        if (text.Length == 0)
        {
            return ListMarker.None;
        }
        var first = text[0];
        // Symbol-font bullets usually map to private-use code points, which normalisation later drops. Layout
        // analysis may leave the bullet alone on its line, the item's text following on the same baseline.
        if (BulletGlyphs.Contains(first) || CharUnicodeInfo.GetUnicodeCategory(first) == UnicodeCategory.PrivateUse)
        {
            return ListMarker.Bullet;
        }
        // A dash only counts with a space after it: "-5 °C" and "--verbose" are not items.
        if (BulletDashes.Contains(first) && text.Length > 1 && char.IsWhiteSpace(text[1]))
        {
            return ListMarker.Bullet;
        }
        return Enumerator().IsMatch(text) ? ListMarker.Enumerator : ListMarker.None;
    }

    /// <summary>The item's text without its bullet; enumerators stay, items refer to each other by them.</summary>
    public static string WithoutBullet(string text)
    {
        var trimmed = text.TrimStart();
        return Of(trimmed) == ListMarker.Bullet ? trimmed[1..].TrimStart() : text;
    }

    // "1." "12)" "a)" "iv." followed by text. Capitals are left out: "A. Smith" is an initial, not an item.
    [GeneratedRegex(@"^(\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+\S")]
    private static partial Regex Enumerator();
}
