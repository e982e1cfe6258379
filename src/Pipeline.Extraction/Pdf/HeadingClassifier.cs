using System.Text.RegularExpressions;
using Pipeline.Core.Documents;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Marks short blocks set clearly larger than the body text as headings, ranked by size. Sizes are compared
/// across the whole document because a page of nothing but a large-type table would otherwise promote
/// itself. Bold-only and numbered-only headings are not recognised yet.
/// </summary>
internal static partial class HeadingClassifier
{
    // LaTeX sets section headings at 12 pt over an 11 pt body (ratio 1.09), so the threshold has to sit
    // below that, while the absolute gap keeps a block's rounding jitter from counting.
    private const double MinimumRatio = 1.08;
    private const double MinimumPoints = 0.9;
    private const int MaxLines = 3;
    private const int MaxWords = 20;
    private const int MaxLevel = 6;

    public static List<Block> Classify(IReadOnlyList<TextRegion> regions)
    {
        var body = BodySize(regions);
        var merged = MergeWrappedHeadings(MergeSectionNumbers(regions), body);
        var headingSizes = merged
            .Where(r => IsHeading(r, body))
            .Select(r => r.FontSize)
            .Distinct()
            .OrderDescending()
            .ToList();

        return merged
            .Select(r => IsHeading(r, body)
                ? Block.Heading(r.Text, Math.Min(headingSizes.IndexOf(r.FontSize) + 1, MaxLevel), r.Page)
                : Block.Paragraph(r.Text, r.Page))
            .ToList();
    }

    /// <summary>
    /// Layout analysis often splits "3.1" from "Overview" because of the wide gap a typesetter leaves after a
    /// section number; rejoined, the heading reads as the author wrote it.
    /// </summary>
    private static List<TextRegion> MergeSectionNumbers(IReadOnlyList<TextRegion> regions)
    {
        var result = new List<TextRegion>(regions.Count);
        for (var i = 0; i < regions.Count; i++)
        {
            var current = regions[i];
            var next = i + 1 < regions.Count ? regions[i + 1] : null;
            if (next is not null
                && SectionNumber().IsMatch(current.Text)
                && next.Page == current.Page
                && next.FontSize == current.FontSize
                && current.FontSize > 0
                && !char.IsDigit(next.Text[0]))
            {
                result.Add(next with { Text = $"{current.Text} {next.Text}" });
                i++;
                continue;
            }
            result.Add(current);
        }
        return result;
    }

    /// <summary>
    /// A long title set with generous leading comes out of layout analysis as one block per line. Without
    /// geometry a wrapped line is told from the next heading only by the words: it continues in lower case or
    /// follows a word no title ends on. ("…Toolkit for Deep" / "Learning Based…" is missed.)
    /// </summary>
    private static List<TextRegion> MergeWrappedHeadings(List<TextRegion> regions, double bodySize)
    {
        var result = new List<TextRegion>(regions.Count);
        foreach (var region in regions)
        {
            var previous = result.Count > 0 ? result[^1] : null;
            if (previous is not null
                && IsHeading(previous, bodySize)
                && IsHeading(region, bodySize)
                && previous.Page == region.Page
                && previous.FontSize == region.FontSize
                && ContinuesPrevious(previous.Text, region.Text))
            {
                var joined = previous with { Text = $"{previous.Text} {region.Text}", Lines = previous.Lines + region.Lines };
                if (IsHeading(joined, bodySize))
                {
                    result[^1] = joined;
                    continue;
                }
            }
            result.Add(region);
        }
        return result;
    }

    private static readonly HashSet<string> ConnectingWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "via", "with",
    };

    private static bool ContinuesPrevious(string previous, string next) =>
        char.IsLower(next[0]) || ConnectingWords.Contains(previous[(previous.LastIndexOf(' ') + 1)..]);

    /// <summary>The size most of the document's characters are set in.</summary>
    private static double BodySize(IReadOnlyList<TextRegion> regions) =>
        regions
            .Where(r => r.FontSize > 0)
            .GroupBy(r => r.FontSize)
            .MaxBy(g => g.Sum(r => r.Characters))
            ?.Key ?? 0;

    private static bool IsHeading(TextRegion region, double bodySize) =>
        bodySize > 0
        && region.IsHorizontal
        && region.FontSize >= bodySize * MinimumRatio
        && region.FontSize >= bodySize + MinimumPoints
        && region.Lines <= MaxLines
        && region.Text.Split(' ').Length <= MaxWords
        && !region.Text.EndsWith('.') && !region.Text.EndsWith('。')
        && region.Text.Any(char.IsLetter);

    [GeneratedRegex(@"^(\d{1,2}(\.\d{1,2}){0,4}|[A-Z])\.?$")]
    private static partial Regex SectionNumber();
}
