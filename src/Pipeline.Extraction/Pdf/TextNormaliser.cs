using System.Globalization;
using System.Text;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Turns the lines of one extracted text block into a single clean paragraph. Text layers carry typesetting
/// artefacts (ligature glyphs, line-end hyphens, invisible spacing characters) that split words apart and so
/// hurt both embedding quality and keyword search.
/// </summary>
public static class TextNormaliser
{
    private const char SoftHyphen = '\u00AD';

    /// <param name="text">One block; its lines are separated by '\n' (a '\r' is tolerated).</param>
    public static string Normalise(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // NFKC folds ligatures (ﬁ → fi), full-width forms and the exotic space characters (U+00A0, U+2009...)
        // into their plain equivalents in one pass.
        var folded = text.Normalize(NormalizationForm.FormKC);
        var result = new StringBuilder(folded.Length);
        foreach (var line in folded.Split('\n'))
        {
            var clean = CleanLine(line);
            if (clean.Length == 0)
            {
                continue;
            }
            AppendUnfolded(result, clean);
        }
        if (result.Length > 0 && result[^1] == SoftHyphen)
        {
            result.Length--;
        }
        return result.ToString();
    }

    /// <summary>Joins a line to the paragraph so far, undoing the line break the typesetter introduced.</summary>
    private static void AppendUnfolded(StringBuilder paragraph, string line)
    {
        if (paragraph.Length == 0)
        {
            paragraph.Append(line);
            return;
        }

        if (paragraph[^1] == SoftHyphen)
        {
            paragraph.Length--;
            paragraph.Append(line);
            return;
        }

        if (EndsWithWordHyphen(paragraph))
        {
            // "exam-" + "ple": a lower-case continuation means the hyphen only split a word across lines.
            // Anything else ("Lucene-" + "BM25") is a real compound whose hyphen stays, still without a space.
            if (char.IsLower(line[0]))
            {
                paragraph.Length--;
            }
            paragraph.Append(line);
            return;
        }

        paragraph.Append(' ').Append(line);
    }

    private static bool EndsWithWordHyphen(StringBuilder paragraph) =>
        paragraph.Length >= 2
        && paragraph[^1] is '-' or '\u2010'
        && char.IsLetter(paragraph[^2]);

    private static string CleanLine(string line)
    {
        var result = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == SoftHyphen)
            {
                // A soft hyphen only matters at a line end, where it says "the word continues on the next
                // line"; it is kept there for the unfolding step and dropped everywhere else.
                if (line.AsSpan(i + 1).IsWhiteSpace())
                {
                    result.Append(SoftHyphen);
                }
                continue;
            }
            if (IsInvisible(c))
            {
                continue;
            }
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark && (result.Length == 0 || result[^1] == ' '))
            {
                // A spacing accent drawn as its own glyph ("Universite ́") folds to a combining mark with
                // nothing to combine with; which letter it sat over is lost, so it is dropped.
                continue;
            }
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (result.Length > 0 && result[^1] != ' ')
                {
                    result.Append(' ');
                }
                continue;
            }
            result.Append(c);
        }
        return result.ToString().Trim();
    }

    /// <summary>
    /// Characters that take no space when rendered but break words for search: zero-width spaces (Google Docs
    /// exports put one between every word), byte-order marks, word joiners, and private-use code points, which
    /// are symbol-font bullets and dingbats with no meaning outside the font that drew them. Zero-width
    /// (non-)joiners stay: Arabic and Indic scripts need them.
    /// </summary>
    private static bool IsInvisible(char c) =>
        c is '\u200B' or '\uFEFF' or '\u2060' or '\u180E'
        || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.PrivateUse;
}
