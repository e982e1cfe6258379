using System.Text.RegularExpressions;
using UglyToad.PdfPig;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Finds each outline title among the text regions near the page its bookmark opens, and marks the regions
/// (<see cref="TextRegion.Outline"/>) for <see cref="HeadingClassifier"/>. Titles and page text differ in
/// case, spacing, line breaks, an inserted date, a number present on one side only, a title split over two
/// regions or run into the paragraph after it; all of these still match.
/// </summary>
internal static partial class OutlineHeadings
{
    // An outline that matches less than this share of its entries describes something else (a cover, one
    // link) and is ignored, so the document's headings come from font statistics instead.
    private const double MinimumMatchedShare = 0.3;
    private const int MinimumMatched = 2;

    // A title may be split over a number block, a title block and a wrapped line.
    private const int MaxRegionsPerTitle = 4;
    private const int MinimumKeyLength = 3;
    private const int MaxAside = 40;

    /// <summary>
    /// Marks the regions in place: the outline is read while the document is open, but headings are decided
    /// after every page is read (and some are replaced by OCR), so the mark travels with the region.
    /// </summary>
    /// <param name="regions">The whole document's regions, in reading order.</param>
    /// <returns>How many outline entries were found on the pages.</returns>
    public static int Mark(PdfDocument document, IReadOnlyList<TextRegion> regions) =>
        Mark(DocumentOutline.Read(document), regions);

    public static int Mark(IReadOnlyList<OutlineEntry> outline, IReadOnlyList<TextRegion> regions)
    {
        if (outline.Count == 0)
        {
            return 0;
        }
        var claims = new Dictionary<int, Claim>();
        var byPage = regions
            .Select((region, index) => (region, index))
            .Where(r => r.region.Rows is null)
            .GroupBy(r => r.region.Page)
            .ToDictionary(g => g.Key, g => g.Select(r => r.index).ToList());
        var previous = -1;
        var matched = 0;
        foreach (var entry in outline)
        {
            var match = Find(entry, regions, byPage, claims, previous);
            if (match is not { } found)
            {
                continue;
            }
            matched++;
            previous = found.Last;
            for (var i = found.First; i <= found.Last; i++)
            {
                var claim = claims.TryGetValue(i, out var existing) ? existing : claims[i] = new Claim();
                if (i == found.First)
                {
                    claim.Headings.Add(entry);
                }
                claim.Remainder = i == found.Last ? found.Remainder : null;
            }
        }
        if (matched < MinimumMatched || matched < MinimumMatchedShare * outline.Count)
        {
            return 0;
        }
        foreach (var (index, claim) in claims)
        {
            regions[index].Outline = new OutlineRole(claim.Headings, claim.Remainder);
        }
        return matched;
    }

    /// <summary>
    /// Looks on the bookmark's page, then the next (destinations often point at the bottom of the page before a
    /// heading that opens the next) and the one before; on a page, the previous match and the regions after it
    /// come first because the outline is in reading order.
    /// </summary>
    private static (int First, int Last, string? Remainder)? Find(
        OutlineEntry entry, IReadOnlyList<TextRegion> regions, Dictionary<int, List<int>> byPage, Dictionary<int, Claim> claims, int previous)
    {
        var title = MatchKey.Of(entry.Title).Value;
        var unnumbered = MatchKey.Of(SectionNumber.Without(entry.Title)).Value;
        foreach (var page in new[] { entry.Page, entry.Page + 1, entry.Page - 1 })
        {
            if (!byPage.TryGetValue(page, out var indexes))
            {
                continue;
            }
            var ordered = indexes.Where(i => i >= previous).Concat(indexes.Where(i => i < previous));
            foreach (var start in ordered)
            {
                var match = MatchAt(title, start, indexes, regions, claims, stripNumber: false)
                            ?? MatchAt(unnumbered, start, indexes, regions, claims, stripNumber: true);
                if (match is not null)
                {
                    return match;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// The title read from region <paramref name="start"/> on (from what an earlier title left of it, if one
    /// matched there): the region starts with it, or it and the next regions of the page together spell it.
    /// </summary>
    private static (int First, int Last, string? Remainder)? MatchAt(
        string title, int start, List<int> pageIndexes, IReadOnlyList<TextRegion> regions, Dictionary<int, Claim> claims, bool stripNumber)
    {
        var first = claims.TryGetValue(start, out var claim) ? claim.Remainder : regions[start].Text;
        if (title.Length < MinimumKeyLength || first is null)
        {
            return null;
        }
        foreach (var body in FirstRegionReadings(first, stripNumber))
        {
            var key = MatchKey.Of(body);
            if (key.Value.StartsWith(title, StringComparison.Ordinal))
            {
                var cut = first.Length - body.Length + key.EndOf(title.Length);
                return EndsAtWordBoundary(first, cut) ? (start, start, Remainder(first, cut)) : null;
            }
            if (claim is null && key.Value.Length > 0 && title.StartsWith(key.Value, StringComparison.Ordinal))
            {
                return Continue(title, key.Value.Length, start, pageIndexes, regions, claims);
            }
        }
        return null;
    }

    /// <summary>The rest of a title split over the regions after <paramref name="start"/>.</summary>
    private static (int First, int Last, string? Remainder)? Continue(
        string title, int consumed, int start, List<int> pageIndexes, IReadOnlyList<TextRegion> regions, Dictionary<int, Claim> claims)
    {
        var position = pageIndexes.IndexOf(start);
        for (var n = 1; n < MaxRegionsPerTitle && position + n < pageIndexes.Count; n++)
        {
            var index = pageIndexes[position + n];
            if (claims.ContainsKey(index))
            {
                return null;
            }
            var text = regions[index].Text;
            var key = MatchKey.Of(text);
            var wanted = title[consumed..];
            if (key.Value.StartsWith(wanted, StringComparison.Ordinal))
            {
                var cut = key.EndOf(wanted.Length);
                return EndsAtWordBoundary(text, cut) ? (start, index, Remainder(text, cut)) : null;
            }
            // A region with nothing to compare (a revision date alone) is part of the heading line.
            if (key.Value.Length > 0 && !wanted.StartsWith(key.Value, StringComparison.Ordinal))
            {
                return null;
            }
            consumed += key.Value.Length;
        }
        return null;
    }

    /// <summary>
    /// How the first region may be read against a title: as it is, and without a label word the outline leaves
    /// out ("Exhibit 2.3.59-9 …" for the bookmark "2.3.59-9 …"); for a title compared without its number, also
    /// without the region's number.
    /// </summary>
    private static IEnumerable<string> FirstRegionReadings(string text, bool stripNumber)
    {
        var unlabelled = Label().Replace(text, "", 1);
        var readings = unlabelled.Length < text.Length ? new[] { text, unlabelled } : [text];
        return stripNumber ? readings.Select(SectionNumber.Without) : readings;
    }

    private static bool EndsAtWordBoundary(string text, int cut) => cut >= text.Length || !char.IsLetterOrDigit(text[cut]);

    private static string? Remainder(string text, int cut)
    {
        var rest = text[cut..].TrimStart(' ', ':', '.', '-', '–', '—');
        // A parenthesised aside right after the title ("(Except CAWR)", a revision date) is part of the heading
        // line, as asides are ignored when matching.
        while (rest.StartsWith('(') && rest.IndexOf(')', StringComparison.Ordinal) is > 0 and var close && close <= MaxAside)
        {
            rest = rest[(close + 1)..].TrimStart(' ', ':', '.', '-', '–', '—');
        }
        return rest.Any(char.IsLetterOrDigit) ? rest : null;
    }

    [GeneratedRegex(@"^(Exhibit|Chapter|Section|Appendix|Annex|Part|Article|Schedule|Attachment)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Label();

    /// <summary>An outline entry's hold on a region while matching is in progress.</summary>
    private sealed class Claim
    {
        public List<OutlineEntry> Headings { get; } = [];

        public string? Remainder { get; set; }
    }
}
