using System.Text.RegularExpressions;
using Pipeline.Core.Documents;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Decides what each text region is: table, heading, list item or paragraph. Headings come from the PDF's
/// outline when it has one that matches its pages (see <see cref="OutlineHeadings"/>): the author declared those,
/// so a block that merely looks big is not promoted. Without an outline, headings are short blocks set clearly
/// larger than the body text, ranked by size, and below them short bold lines at body size that open a section.
/// Sizes are compared across the whole document because a page of nothing but a large-type table would
/// otherwise promote itself.
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

    // A bold heading at body size is one short line; longer bold text is emphasis, a caption or a cover.
    private const int MaxBoldLines = 2;
    private const int MaxBoldWords = 12;
    private const double BodySizeTolerance = 0.5;

    public static List<Block> Classify(IReadOnlyList<TextRegion> regions)
    {
        var expanded = ApplyOutline(regions);
        var hasOutline = expanded.Any(r => r.Outline is not null);
        var body = BodySize(expanded);
        var merged = MergeWrappedHeadings(MergeSectionNumbers(expanded), body);
        var headingSizes = merged
            .Where(r => IsHeading(r, body))
            .Select(r => r.FontSize)
            .Distinct()
            .OrderDescending()
            .ToList();
        var boldLevel = Math.Min(headingSizes.Count + 1, MaxLevel);
        var boldMeansHeading = !MostlyBold(merged);

        var blocks = new List<Block>(merged.Count);
        Block? section = null;
        for (var i = 0; i < merged.Count; i++)
        {
            var region = merged[i];
            var previous = i > 0 ? merged[i - 1] : null;
            var next = i + 1 < merged.Count ? merged[i + 1] : null;
            int? fontLevel = IsHeading(region, body) ? Math.Min(headingSizes.IndexOf(region.FontSize) + 1, MaxLevel)
                : boldMeansHeading && IsBoldHeading(region, body, previous, next) ? boldLevel
                : null;
            Block block;
            if (region.Rows is not null)
            {
                block = new Block(BlockKind.Table, region.Text, region.Page, region.Page, Rows: region.Rows);
            }
            else if (region.Outline is { Headings: [var heading] })
            {
                block = section = Block.Heading(region.Text, heading.Level, region.Page);
            }
            else if (fontLevel is not null && !hasOutline)
            {
                block = Block.Heading(region.Text, fontLevel.Value, region.Page);
            }
            else if (fontLevel is not null && SubsectionLevel(region.Text, section) is { } level)
            {
                block = Block.Heading(region.Text, level, region.Page);
            }
            else if (region.ListMarker != ListMarker.None)
            {
                block = new Block(BlockKind.ListItem, region.Text, region.Page, region.Page, Level: 1);
            }
            else
            {
                block = Block.Paragraph(region.Text, region.Page);
            }
            blocks.Add(block);
        }
        return blocks;
    }

    /// <summary>
    /// Turns outline marks into regions: the title as its own region, the body text run into it as another,
    /// and the rest of a title split over several regions dropped (the outline spells it whole).
    /// </summary>
    private static List<TextRegion> ApplyOutline(IReadOnlyList<TextRegion> regions)
    {
        var result = new List<TextRegion>(regions.Count);
        foreach (var region in regions)
        {
            if (region.Outline is not { } role)
            {
                result.Add(region);
                continue;
            }
            foreach (var heading in role.Headings)
            {
                result.Add(region with { Text = heading.Title, Lines = 1, ListMarker = ListMarker.None, Outline = role with { Headings = [heading] } });
            }
            if (role.Remainder is not null)
            {
                result.Add(region with { Text = role.Remainder, Outline = null, IsBold = false, ListMarker = ListMarker.None });
            }
        }
        return result;
    }

    /// <summary>
    /// Below the outline's depth a font-based heading is kept only when its number places it inside the outline
    /// section it follows ("7.1 Sample bottles" after "7. Reagents"); anything else that looks big (cover lines,
    /// captions, running heads) is body text when the author's outline does not list it.
    /// </summary>
    private static int? SubsectionLevel(string text, Block? section)
    {
        if (section is null)
        {
            return null;
        }
        var parent = SectionNumber.Parts(section.Text);
        var child = SectionNumber.Parts(text);
        return SectionNumber.IsWithin(child, parent) ? Math.Min(section.Level + child.Count - parent.Count, MaxLevel) : null;
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
                && IsPlain(current) && IsPlain(next)
                && BareSectionNumber().IsMatch(current.Text)
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

    /// <summary>When most text is bold, bold marks nothing.</summary>
    private static bool MostlyBold(IReadOnlyList<TextRegion> regions) =>
        regions.Where(r => r.IsBold).Sum(r => r.Characters) * 2 > regions.Sum(r => r.Characters);

    /// <summary>Neither a table nor claimed by the outline: free for the font rules.</summary>
    private static bool IsPlain(TextRegion region) => region.Rows is null && region.Outline is null;

    private static bool IsHeading(TextRegion region, double bodySize) =>
        bodySize > 0
        && IsPlain(region)
        && region.IsHorizontal
        && region.FontSize >= bodySize * MinimumRatio
        && region.FontSize >= bodySize + MinimumPoints
        && region.Lines <= MaxLines
        && region.Text.Split(' ').Length <= MaxWords
        && !region.Text.EndsWith('.') && !region.Text.EndsWith('。')
        && region.Text.Any(char.IsLetter);

    /// <summary>
    /// A short bold line at body size that opens a section ("3.1 Overview" in a LaTeX paper): between body text
    /// that is not bold, so runs of bold lines (covers, title pages, table headers) do not qualify.
    /// </summary>
    private static bool IsBoldHeading(TextRegion region, double bodySize, TextRegion? previous, TextRegion? next) =>
        bodySize > 0
        && IsPlain(region)
        && region.IsBold
        && region.IsHorizontal
        && region.ListMarker != ListMarker.Bullet
        && IsBodySize(region, bodySize)
        && region.Lines <= MaxBoldLines
        && region.Text.Split(' ').Length <= MaxBoldWords
        && (char.IsUpper(region.Text[0]) || char.IsDigit(region.Text[0]))
        && !region.Text.EndsWith('.') && !region.Text.EndsWith(':') && !region.Text.EndsWith(',') && !region.Text.EndsWith(';')
        && region.Text.Any(char.IsLetter)
        && !Caption().IsMatch(region.Text)
        && next is not null
        && IsPlain(next)
        && !next.IsBold
        && next.FontSize <= bodySize + BodySizeTolerance
        && !(previous is not null && previous.Page == region.Page && previous.IsBold && IsBodySize(previous, bodySize));

    private static bool IsBodySize(TextRegion region, double bodySize) => Math.Abs(region.FontSize - bodySize) <= BodySizeTolerance;

    [GeneratedRegex(@"^(\d{1,2}(\.\d{1,2}){0,4}|[A-Z])\.?$")]
    private static partial Regex BareSectionNumber();

    [GeneratedRegex(@"^(Table|Figure|Fig\.|Exhibit|Chart|Source|Note)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Caption();
}
