using UglyToad.PdfPig.Content;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Words that share a baseline across the whole page, left to right. Unlike PdfPig's text lines these are not
/// confined to one layout block, which is what lets table cells that layout analysis put in separate blocks
/// be seen side by side again.
/// </summary>
internal sealed class WordLine
{
    private WordLine(List<Word> words)
    {
        Words = words;
        Baseline = words.Average(BaselineOf);
        Size = Median(words.Select(SizeOf));
    }

    public IReadOnlyList<Word> Words { get; }

    public double Baseline { get; }

    /// <summary>Typical glyph size in points, the yardstick for every gap measured on the line.</summary>
    public double Size { get; }

    /// <summary>Groups horizontal words into lines, top of the page first.</summary>
    public static List<WordLine> Group(IEnumerable<Word> words)
    {
        var lines = new List<List<Word>>();
        foreach (var word in words.OrderByDescending(BaselineOf).ThenBy(w => w.BoundingBox.Left))
        {
            var line = lines.Count > 0 ? lines[^1] : null;
            // A third of the glyph size tolerates sub- and superscripts but not the next line.
            if (line is not null && BaselineOf(line[0]) - BaselineOf(word) <= 0.3 * SizeOf(word))
            {
                line.Add(word);
                continue;
            }
            lines.Add([word]);
        }
        return lines.Select(l => new WordLine(l.OrderBy(w => w.BoundingBox.Left).ToList())).ToList();
    }

    // The baseline rather than the box bottom: descenders would put "typing" below "Table" on the same line.
    private static double BaselineOf(Word word) => word.Letters.Count > 0 ? word.Letters[0].StartBaseLine.Y : word.BoundingBox.Bottom;

    private static double SizeOf(Word word) =>
        Math.Max(word.Letters.Count > 0 ? word.Letters.Max(l => l.PointSize) : word.BoundingBox.Height, 1);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }
}
