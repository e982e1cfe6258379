using System.Globalization;
using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Extraction.ReadingOrder;

/// <summary>
/// How far an extracted document reads its pages in the order <c>pdftotext</c> does: the share of the word pairs
/// (bigrams) inside each extracted block that also occur in pdftotext's text of the same page. Text read across
/// two columns glues words from different sentences into pairs that pdftotext never has, so the share drops
/// (to about 0.5 on a two-column page); the order of whole blocks does not count, since pairs are taken within
/// a block only. Table blocks are left out (their cell order differs from pdftotext's by design), and so are
/// pages that were not read from their text layer.
/// </summary>
public static class ReadingOrderAgreement
{
    /// <param name="referencePages">pdftotext's text per page, page 1 first (<see cref="PdftotextPages"/>).</param>
    public static ReadingOrderFigures Measure(SourceDocument document, IReadOnlyList<string> referencePages)
    {
        var textLayerPages = document.PageDetails
            .Where(p => p.Source == PageTextSource.TextLayer)
            .Select(p => p.Number)
            .ToHashSet();
        var referenceByRange = new Dictionary<(int, int), HashSet<(string, string)>>();
        var perPage = new SortedDictionary<int, (int Pairs, int Matched)>();
        foreach (var block in document.Blocks)
        {
            if (block.Kind == BlockKind.Table
                || block.PageStart < 1
                || block.PageEnd > referencePages.Count
                || !Enumerable.Range(block.PageStart, block.PageEnd - block.PageStart + 1).All(textLayerPages.Contains))
            {
                continue;
            }
            if (!referenceByRange.TryGetValue((block.PageStart, block.PageEnd), out var reference))
            {
                var text = string.Join('\n', referencePages.Skip(block.PageStart - 1).Take(block.PageEnd - block.PageStart + 1));
                reference = Pairs(Words(TextNormaliser.Normalise(text))).ToHashSet();
                referenceByRange[(block.PageStart, block.PageEnd)] = reference;
            }
            var pairs = Pairs(Words(block.Text)).ToList();
            if (pairs.Count == 0)
            {
                continue;
            }
            var matched = pairs.Count(reference.Contains);
            var (sum, hits) = perPage.GetValueOrDefault(block.PageStart);
            perPage[block.PageStart] = (sum + pairs.Count, hits + matched);
        }
        return new ReadingOrderFigures(perPage.Select(p => new PageAgreement(p.Key, p.Value.Pairs, p.Value.Matched)).ToList());
    }

    /// <summary>Lower-cased words with the punctuation around them stripped; typographic quotes folded to plain ones.</summary>
    public static List<string> Words(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC)
            .Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201C', '"').Replace('\u201D', '"')
            .ToLower(CultureInfo.InvariantCulture);
        // pdftotext wraps embedded left-to-right runs in bidi controls (U+202A…U+202C), which mark where a run
        // of one script ends and the next begins: a word boundary.
        folded = string.Concat(folded.Select(c => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format ? ' ' : c));
        var words = new List<string>();
        foreach (var raw in folded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var start = 0;
            var end = raw.Length;
            while (start < end && !char.IsLetterOrDigit(raw[start]))
            {
                start++;
            }
            while (end > start && !char.IsLetterOrDigit(raw[end - 1]))
            {
                end--;
            }
            if (end > start)
            {
                AddWords(words, raw[start..end]);
            }
        }
        return words;
    }

    /// <summary>
    /// Chinese and Japanese set no spaces between words, so a whitespace "word" there is a whole phrase cut
    /// wherever a line happened to end. Each ideograph or kana counts as a word of its own instead.
    /// </summary>
    private static void AddWords(List<string> words, string token)
    {
        if (!token.Any(IsUnspacedScript))
        {
            words.Add(token);
            return;
        }
        var run = new StringBuilder();
        foreach (var c in token)
        {
            if (IsUnspacedScript(c))
            {
                if (run.Length > 0)
                {
                    words.Add(run.ToString());
                    run.Clear();
                }
                words.Add(c.ToString());
            }
            else if (char.IsLetterOrDigit(c))
            {
                run.Append(c);
            }
        }
        if (run.Length > 0)
        {
            words.Add(run.ToString());
        }
    }

    private static bool IsUnspacedScript(char c) =>
        c is >= '\u3040' and <= '\u30FF' // hiragana, katakana
            or >= '\u3400' and <= '\u4DBF' // CJK extension A
            or >= '\u4E00' and <= '\u9FFF' // CJK unified ideographs
            or >= '\uF900' and <= '\uFAFF'; // CJK compatibility ideographs

    private static IEnumerable<(string, string)> Pairs(List<string> words)
    {
        for (var i = 1; i < words.Count; i++)
        {
            yield return (words[i - 1], words[i]);
        }
    }
}
