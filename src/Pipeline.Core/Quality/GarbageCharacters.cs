using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Quality;

/// <summary>
/// Which characters of extracted text are not text. Digits and ordinary punctuation are text (tables of figures
/// are legitimate); what counts is what extraction failures leave behind.
/// </summary>
public static partial class GarbageCharacters
{
    /// <summary>Garbage among the non-whitespace characters of <paramref name="text"/>.</summary>
    public static int Count(string text)
    {
        var garbage = 0;
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && IsGarbage(c))
            {
                garbage++;
            }
        }
        // Mojibake is made of ordinary letters (UTF-8 read as Windows-1252: "Ã©", "â€™"), so it is found by shape.
        foreach (var match in Mojibake().EnumerateMatches(text))
        {
            foreach (var c in text.AsSpan(match.Index, match.Length))
            {
                // Symbols in the sequence were counted above.
                garbage += IsGarbage(c) ? 0 : 1;
            }
        }
        return garbage;
    }

    public static bool IsGarbage(char c) => c == '\uFFFD' || CharUnicodeInfo.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.Format => true,
        // Unmapped glyphs and broken fonts surface as runs of odd symbols; ©, °, ™ in real text stay far under any ratio.
        UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol => true,
        _ => false,
    };

    // Lead bytes 0xC2/0xC3 or 0xE2 0x80 of UTF-8 decoded as Windows-1252, followed by what a continuation byte becomes there.
    [GeneratedRegex("(?:[\u00C2\u00C3]|\u00E2\u20AC)[\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]", RegexOptions.CultureInvariant)]
    private static partial Regex Mojibake();
}
