using System.Text.RegularExpressions;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Drops running headers and footers ("PLOS ONE | https://doi.org/…", "Federal Register / Vol. 85 …",
/// "Page 3 of 12"). Repeated on every page they would become chunks of their own, outrank real text for
/// their words, and, when set large, pose as the heading of every page.
/// </summary>
internal static partial class RunningTextFilter
{
    private const int MinimumPages = 3;
    private const int MaxWords = 20;

    public static List<TextRegion> Apply(IReadOnlyList<TextRegion> regions, int pageCount)
    {
        // A third of the pages: books alternate left and right headers, so each is on at most half the pages,
        // and chapter openings and blank pages have none.
        var threshold = Math.Max(MinimumPages, (pageCount + 2) / 3);

        // Only the size the repeats are usually set in goes: a cover page often shows the same words as the
        // running header, but larger, and there they are the title.
        var sectionNumbers = SectionNumbersOfHeadings(regions);
        var running = regions
            .Where(r => IsShort(r) && !sectionNumbers.Contains(r))
            .GroupBy(r => Key(r.Text))
            .Where(g => g.Select(r => r.Page).Distinct().Count() >= threshold)
            .SelectMany(g =>
            {
                var usualSize = g.GroupBy(r => r.FontSize).MaxBy(s => s.Count())!.Key;
                return g.Where(r => r.FontSize == usualSize);
            })
            .ToHashSet(ReferenceEqualityComparer.Instance);

        return regions.Where(r => !running.Contains(r)).ToList();
    }

    /// <summary>
    /// "3.1" set apart from the "Overview" after it reads like a page number once digits are masked, and would
    /// go with the page numbers; followed on its page by text in its own size, it is a heading's number.
    /// </summary>
    private static HashSet<TextRegion> SectionNumbersOfHeadings(IReadOnlyList<TextRegion> regions)
    {
        var numbers = new HashSet<TextRegion>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i + 1 < regions.Count; i++)
        {
            var (current, next) = (regions[i], regions[i + 1]);
            if (BareNumber().IsMatch(current.Text) && next.Page == current.Page && next.FontSize == current.FontSize
                && current.FontSize > 0 && char.IsLetter(next.Text[0]))
            {
                numbers.Add(current);
            }
        }
        return numbers;
    }

    private static bool IsShort(TextRegion region) => region.Text.Split(' ').Length <= MaxWords;

    // Page numbers (arabic, or roman at either end of the line) change from page to page while the rest of
    // the line stays the same.
    private static string Key(string text) => PageNumber().Replace(text, "#");

    [GeneratedRegex(@"^\d{1,2}(\.\d{1,2}){0,4}\.?$")]
    private static partial Regex BareNumber();

    [GeneratedRegex(@"\d+|^[ivxlc]+\b|\b[ivxlc]+$")]
    private static partial Regex PageNumber();
}
