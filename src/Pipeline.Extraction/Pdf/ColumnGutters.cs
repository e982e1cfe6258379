using UglyToad.PdfPig.Content;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Finds runs of lines set in columns from the words' horizontal extents (a projection profile): a gutter is an
/// x-interval that no word of any line in the run touches, with real text on both sides. Measured this way a
/// justified layout's narrow gutter is found however small the gap is relative to word spacing, which is where
/// a block segmenter's distance threshold glues the two columns into one block read row by row.
/// </summary>
internal static class ColumnGutters
{
    // A gutter must be wider than a word space of loose justified text, measured in the lines' glyph size.
    private const double MinGutterInSizes = 0.8;

    // Each side of the gutter must hold text on this many lines of the run, and the two sides must run beside
    // each other for most of the shorter one's height. The columns' baselines need not line up (they do not in
    // most papers); a chance alignment of word spaces ("a river") inside one column of prose rarely runs this long.
    private const int MinLinesPerSide = 4;
    private const double MinSideOverlap = 0.5;

    // A column of bullets, paragraph numbers, dates or side headings is not a column of text: on the median line
    // each column holds at least this many words over at least this width. Such a margin is read line by line
    // with its text, as before.
    private const double MinColumnWidthInSizes = 6;
    private const int MinColumnWords = 3;

    // Columns of running text are set to about the same measure; a narrow column beside a wide one is a margin of
    // side headings and paragraph numbers (the IRS manual), whose entries belong before the text beside them.
    private const double MinColumnWidthRatio = 0.6;

    // A line this far (in glyph sizes) from its neighbour within a run, with text on one side only, is a running
    // header or footer that happens to leave the gutter free; it stays outside the run.
    private const double DetachedLineGapInSizes = 1.8;

    /// <summary>Runs of consecutive lines (top of the page first) and the gutters that divide each into columns.</summary>
    public static List<ColumnRun> Find(IReadOnlyList<WordLine> lines)
    {
        // A line is tried in every run that starts above it, up to the one that takes it: its gaps are found once.
        var gaps = lines.Select(FreeIntervals).ToList();
        var runs = new List<ColumnRun>();
        var start = 0;
        while (start < lines.Count)
        {
            var run = LongestRunFrom(lines, gaps, start);
            if (run is null)
            {
                start++;
                continue;
            }
            runs.Add(run);
            start = run.Last + 1;
        }
        return runs;
    }

    /// <param name="gaps">Each line's <see cref="FreeIntervals"/>; read, never changed.</param>
    private static ColumnRun? LongestRunFrom(IReadOnlyList<WordLine> lines, List<List<(double Left, double Right)>> gaps, int start)
    {
        // Extend while some gutter could still run through every line so far; past that no run can be longer.
        var size = lines[start].Size;
        var free = gaps[start];
        var end = start;
        while (end + 1 < lines.Count)
        {
            var next = Intersect(free, gaps[end + 1], MinGutterInSizes * Math.Max(size, lines[end + 1].Size));
            if (!next.Any(IsFinite))
            {
                break;
            }
            free = next;
            size = Math.Max(size, lines[end + 1].Size);
            end++;
        }
        // Only the longest run is judged: a shorter one would keep the same gutters and lose lines on both sides.
        return end - start + 1 >= MinLinesPerSide ? Accept(lines, start, end, free.Where(IsFinite).ToList(), size) : null;
    }

    private static bool IsFinite((double Left, double Right) interval) => !double.IsInfinity(interval.Left) && !double.IsInfinity(interval.Right);

    /// <summary>The run's gutters that have text on both sides often enough, trimmed of detached header and footer lines.</summary>
    private static ColumnRun? Accept(IReadOnlyList<WordLine> lines, int first, int last, List<(double Left, double Right)> free, double size)
    {
        var gutters = free.Where(g => HasTextBesideOnBothSides(lines, first, last, g)).ToList();
        if (gutters.Count == 0)
        {
            return null;
        }
        while (first < last && IsDetached(lines[first], lines[first + 1], gutters, size))
        {
            first++;
        }
        while (last > first && IsDetached(lines[last], lines[last - 1], gutters, size))
        {
            last--;
        }
        var edges = new List<double> { double.NegativeInfinity };
        edges.AddRange(gutters.Select(g => (g.Left + g.Right) / 2));
        edges.Add(double.PositiveInfinity);
        var extents = new List<double>();
        for (var c = 0; c + 1 < edges.Count; c++)
        {
            var inColumn = Enumerable.Range(first, last - first + 1)
                .Select(i => lines[i].Words.Where(w => Centre(w) > edges[c] && Centre(w) < edges[c + 1]).ToList())
                .Where(words => words.Count > 0)
                .ToList();
            if (inColumn.Count == 0
                || Median(inColumn.Select(words => (double)words.Count)) < MinColumnWords
                || Median(inColumn.Select(words => words.Max(w => w.BoundingBox.Right) - words.Min(w => w.BoundingBox.Left))) < MinColumnWidthInSizes * size)
            {
                return null;
            }
            extents.Add(inColumn.Max(words => words.Max(w => w.BoundingBox.Right)) - inColumn.Min(words => words.Min(w => w.BoundingBox.Left)));
        }
        if (extents.Min() < MinColumnWidthRatio * extents.Max())
        {
            return null;
        }
        return new ColumnRun(first, last, edges.Skip(1).SkipLast(1).ToList());
    }

    private static bool HasTextBesideOnBothSides(IReadOnlyList<WordLine> lines, int first, int last, (double Left, double Right) gutter)
    {
        var left = new List<double>();
        var right = new List<double>();
        for (var i = first; i <= last; i++)
        {
            var words = lines[i].Words;
            if (words.Any(w => w.BoundingBox.Right <= gutter.Left))
            {
                left.Add(lines[i].Baseline);
            }
            if (words.Any(w => w.BoundingBox.Left >= gutter.Right))
            {
                right.Add(lines[i].Baseline);
            }
        }
        if (left.Count < MinLinesPerSide || right.Count < MinLinesPerSide)
        {
            return false;
        }
        var overlap = Math.Min(left.Max(), right.Max()) - Math.Max(left.Min(), right.Min());
        var shorter = Math.Min(left.Max() - left.Min(), right.Max() - right.Min());
        return shorter > 0 && overlap >= MinSideOverlap * shorter;
    }

    private static bool IsDetached(WordLine line, WordLine neighbour, List<(double Left, double Right)> gutters, double size)
    {
        var oneSided = gutters.All(g => line.Words.All(w => w.BoundingBox.Right <= g.Left) || line.Words.All(w => w.BoundingBox.Left >= g.Right));
        return oneSided && Math.Abs(line.Baseline - neighbour.Baseline) > DetachedLineGapInSizes * size;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    public static double Centre(Word word) => (word.BoundingBox.Left + word.BoundingBox.Right) / 2;

    /// <summary>The gaps between a line's words, left to right (the space beyond its ends is not a gutter).</summary>
    private static List<(double Left, double Right)> FreeIntervals(WordLine line)
    {
        var gaps = new List<(double, double)>();
        var reach = double.NegativeInfinity;
        foreach (var word in line.Words.OrderBy(w => w.BoundingBox.Left))
        {
            if (!double.IsNegativeInfinity(reach) && word.BoundingBox.Left > reach)
            {
                gaps.Add((reach, word.BoundingBox.Left));
            }
            reach = Math.Max(reach, word.BoundingBox.Right);
        }
        // A line with text on one side only leaves the whole other side free: open intervals at both ends.
        gaps.Insert(0, (double.NegativeInfinity, line.Words.Min(w => w.BoundingBox.Left)));
        gaps.Add((reach, double.PositiveInfinity));
        return gaps;
    }

    private static List<(double Left, double Right)> Intersect(List<(double Left, double Right)> a, List<(double Left, double Right)> b, double minWidth)
    {
        var result = new List<(double, double)>();
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                var left = Math.Max(x.Left, y.Left);
                var right = Math.Min(x.Right, y.Right);
                if (right - left >= minWidth || (double.IsInfinity(left) || double.IsInfinity(right)) && right > left)
                {
                    result.Add((left, right));
                }
            }
        }
        return result;
    }
}

/// <summary>Lines <see cref="First"/>..<see cref="Last"/> of a page set in columns, divided at <see cref="Dividers"/> (x, left to right).</summary>
internal sealed record ColumnRun(int First, int Last, IReadOnlyList<double> Dividers);
