using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Extraction.Ocr;

internal enum TokenKind
{
    /// <summary>Shaped like a word of some script.</summary>
    Word,

    /// <summary>Letters mixed with symbols that do not occur inside words, or digits mixed with operators.</summary>
    NonWord,

    /// <summary>Numbers, punctuation and symbols on their own: normal in tables, no evidence either way.</summary>
    Neutral,

    /// <summary>One cased letter: a word ("a", "I") alone, a sign of letter-spaced garbage in a run.</summary>
    SingleLetter,
}

/// <summary>
/// Tells word-shaped tokens from garbage without a dictionary, so that every script is judged alike: letters of
/// any script (char.IsLetter) with combining marks are words, while symbols inside a run of letters ("«3E*»CM",
/// "SURVWĜHGN\QD~þWHFK") are what broken font mappings and bad OCR layers produce.
/// </summary>
internal static partial class TokenShape
{
    // Characters that may sit inside a real word: hyphens, apostrophes, abbreviation dots, "and/or", "AT&T",
    // e-mail and URL pieces, underscores of identifiers.
    private const string InWordPunctuation = "-\u2010\u2011'\u2019.·/&@_:%+#";

    /// <summary>Splits text into tokens at spaces and at punctuation that separates words in any script.</summary>
    public static IEnumerable<string> Tokens(string text) =>
        Separators().Split(text).Where(t => t.Length > 0);

    public static TokenKind Classify(string token)
    {
        var core = TrimEdges(token);
        if (core.Length == 0)
        {
            return TokenKind.Neutral;
        }
        if (!core.Any(char.IsLetter))
        {
            return !core.Any(char.IsDigit) || Number().IsMatch(core) ? TokenKind.Neutral : TokenKind.NonWord;
        }
        if (core.Length == 1)
        {
            return char.IsUpper(core[0]) || char.IsLower(core[0]) ? TokenKind.SingleLetter : TokenKind.Word;
        }
        foreach (var c in core)
        {
            if (!char.IsLetterOrDigit(c) && !IsMark(c) && !InWordPunctuation.Contains(c))
            {
                return TokenKind.NonWord;
            }
        }
        return HasErraticCase(core) ? TokenKind.NonWord : TokenKind.Word;
    }

    /// <summary>
    /// "LinnSequencer", "iPhone" and "PhD" switch from lower to upper case once; garbage like "tiRsHQn" keeps
    /// switching.
    /// </summary>
    private static bool HasErraticCase(string token)
    {
        var switches = 0;
        for (var i = 1; i < token.Length; i++)
        {
            if (char.IsLower(token[i - 1]) && char.IsUpper(token[i]))
            {
                switches++;
            }
        }
        return switches >= 2;
    }

    private static bool IsMark(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark or UnicodeCategory.Format;

    /// <summary>Drops quotes, brackets and sentence punctuation around a token: "(word)," is a word.</summary>
    private static string TrimEdges(string token)
    {
        var start = 0;
        var end = token.Length;
        while (start < end && IsEdgePunctuation(token[start]))
        {
            start++;
        }
        while (end > start && IsEdgePunctuation(token[end - 1]))
        {
            end--;
        }
        return token[start..end];
    }

    private static bool IsEdgePunctuation(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.DashPunctuation
        || c is '"' or '\'' or '.' or ',' or ';' or ':' or '!' or '?' or '*' or '†' or '‡' or '§' or '¶' or '…' or '¡' or '¿';

    // Whitespace, brackets, commas and the like, CJK and Arabic punctuation, dashes other than the hyphen,
    // ellipses and dot leaders. Scripts written without spaces keep whole clauses in one token, so
    // "基本每股收益(元/股)", "第一节、公司基本情况⋯⋯4", "1,2-Dibromoethane" and "12TH.—We" must come apart here.
    // Guillemets stay: inside a token ("«3E*»CM") they are a sign of garbage.
    [GeneratedRegex(@"[\s\p{Ps}\p{Pe},;!?""“”\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\u060C\u061B\u061F\u2012-\u2015\u2026\u22EF]+")]
    private static partial Regex Separators();

    // 2010, 53, 844.16, -3.14%, <0.05, 2.3.59-19, 1/2, 12:30, $1-$9, 3x10
    [GeneratedRegex(@"^[<>≤≥~≈+\-−±]?[$€£¥]?\d[\d.:/\-–x×$€£¥]*%?$")]
    private static partial Regex Number();
}
