using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Content;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Arabic and Hebrew lines in logical (reading) order. A text layer places glyphs where they are drawn, so reading
/// letters left to right gives the visual order: every right-to-left word reversed, and the words in reverse.
/// Embedded left-to-right runs (Latin words, numbers) are drawn left to right and keep that order.
/// </summary>
internal static class RightToLeftLine
{
    /// <summary>True when most of the line's letters belong to a right-to-left script.</summary>
    public static bool Applies(IReadOnlyList<Word> words)
    {
        var rtl = 0;
        var letters = 0;
        foreach (var c in words.SelectMany(w => w.Text))
        {
            if (!char.IsLetter(c))
            {
                continue;
            }
            letters++;
            if (IsRightToLeft(c))
            {
                rtl++;
            }
        }
        return letters > 0 && rtl * 2 > letters;
    }

    /// <summary>The line's text in logical order: glyphs by x (a word may hold glyphs in drawing order), then reordered.</summary>
    public static string Text(IReadOnlyList<Word> words)
    {
        // A glyph is the unit that moves: a lam-alef ligature is one glyph whose text is two letters in logical
        // order already ("لا"), and must not be turned round with the line.
        var glyphs = new List<string>();
        foreach (var word in words.OrderBy(w => w.BoundingBox.Left))
        {
            if (glyphs.Count > 0)
            {
                glyphs.Add(" ");
            }
            glyphs.AddRange(word.Letters.OrderBy(l => l.StartBaseLine.X + l.EndBaseLine.X).Select(l => l.Value));
        }
        return ToLogical(glyphs);
    }

    /// <summary>
    /// Visual to logical for a right-to-left line of glyphs: the whole line reversed, then each left-to-right run
    /// (Latin letters and digits with the punctuation inside them) turned back; brackets mirrored outside those runs.
    /// </summary>
    public static string ToLogical(IReadOnlyList<string> visual)
    {
        var glyphs = visual.Where(g => g.Length > 0).Reverse().Select(Mirror).ToArray();
        var start = 0;
        while (start < glyphs.Length)
        {
            if (!IsLeftToRight(glyphs[start][0]))
            {
                start++;
                continue;
            }
            var end = start;
            for (var j = start; j < glyphs.Length; j++)
            {
                if (IsLeftToRight(glyphs[j][0]))
                {
                    end = j;
                }
                else if (IsRightToLeft(glyphs[j][0]))
                {
                    break;
                }
            }
            Array.Reverse(glyphs, start, end - start + 1);
            for (var j = start; j <= end; j++)
            {
                glyphs[j] = Mirror(glyphs[j]);
            }
            start = end + 1;
        }
        return SpacedAtScriptChanges(glyphs);
    }

    /// <summary>
    /// A Latin word set against an Arabic one without a space glyph ("Pythonمن") is still two words; searched
    /// as one token it matches neither.
    /// </summary>
    private static string SpacedAtScriptChanges(string[] glyphs)
    {
        var result = new StringBuilder(glyphs.Length + 8);
        for (var i = 0; i < glyphs.Length; i++)
        {
            if (i > 0 && ScriptChanges(glyphs[i - 1][^1], glyphs[i][0]))
            {
                result.Append(' ');
            }
            result.Append(glyphs[i]);
        }
        return result.ToString();
    }

    private static bool ScriptChanges(char before, char after) =>
        IsLeftToRight(before) && IsRightToLeft(after) || IsRightToLeft(before) && IsLeftToRight(after);

    // Digits, Arabic-Indic ones included, are drawn left to right inside right-to-left text.
    private static bool IsLeftToRight(char c) => char.IsDigit(c) || (char.IsLetter(c) && c < '\u0590');

    private static bool IsRightToLeft(char c) =>
        c is >= '\u0590' and <= '\u08FF' or >= '\uFB1D' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF'
        && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static string Mirror(string glyph) => glyph.Length == 1 ? Mirror(glyph[0]).ToString() : glyph;

    private static char Mirror(char c) => c switch
    {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        _ => c,
    };
}
