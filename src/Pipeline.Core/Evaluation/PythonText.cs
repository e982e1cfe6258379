using System.Globalization;
using System.Text;

namespace Pipeline.Core.Evaluation;

/// <summary>
/// Python 3's <c>str.isspace</c>, <c>str.lower</c> and <c>str.isalnum</c>, as closely as .NET allows, so that answer
/// matching gives the reference scorer's verdicts. Known differences, all outside ordinary text:
/// <list type="bullet">
/// <item>Unicode versions: Python 3.11 uses Unicode 14, .NET its own (newer) tables and ICU for NFKC; a character
/// assigned after Unicode 14 is a letter here but not in Python.</item>
/// <item>Final sigma: Python lowers "Σ" to "ς" at the end of a word by the cased/case-ignorable rules; here "at the end of
/// a word" means after a letter and not before one, which can differ next to apostrophes and combining marks.</item>
/// <item><c>isnumeric</c> also accepts a few CJK ideographs with numeric values; all of them are letters (Lo) anyway.</item>
/// </list>
/// </summary>
public static class PythonText
{
    /// <summary>Python's whitespace is .NET's plus the four information separators U+001C..U+001F.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001c' and <= '\u001f';

    /// <summary>Letters (Lu, Ll, Lt, Lm, Lo) and numbers (Nd, Nl, No): Python's isalpha, isdecimal, isdigit, isnumeric.</summary>
    public static bool IsAlnum(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
        or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    /// <summary>
    /// Full lower-case mapping as Python applies it: the invariant simple mapping per code point, plus the two special
    /// cases of Unicode's SpecialCasing that Python uses (İ becomes "i" + combining dot; a word-final Σ becomes ς).
    /// </summary>
    public static string Lower(string s)
    {
        var builder = new StringBuilder(s.Length);
        var runes = s.EnumerateRunes().ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            var rune = runes[i];
            if (rune.Value == 0x0130)
            {
                builder.Append("i\u0307");
            }
            else if (rune.Value == 0x03A3)
            {
                var final = i > 0 && Rune.IsLetter(runes[i - 1]) && (i + 1 == runes.Length || !Rune.IsLetter(runes[i + 1]));
                builder.Append(final ? 'ς' : 'σ');
            }
            else
            {
                builder.Append(Rune.ToLowerInvariant(rune).ToString());
            }
        }
        return builder.ToString();
    }
}
