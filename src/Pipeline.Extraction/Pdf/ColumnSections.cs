using UglyToad.PdfPig.Content;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Cuts a page's words into sections read one after the other: the lines above a run of columns, then each
/// column of the run from left to right, then what follows. Layout analysis then runs inside each section only,
/// so a block can no longer span a gutter, while full-width blocks, side headings and bullets stay where they
/// are on the page.
/// </summary>
internal static class ColumnSections
{
    /// <param name="lines">The horizontal ones of <paramref name="words"/> grouped into lines (<see cref="WordLine.Group"/>).</param>
    /// <returns>Null when the page has no run of columns: it is then read as one section, as before.</returns>
    public static List<List<Word>>? Split(IReadOnlyList<Word> words, List<WordLine> lines)
    {
        var runs = ColumnGutters.Find(lines);
        if (runs.Count == 0)
        {
            return null;
        }

        var sections = new List<List<Word>>();
        var next = 0;
        foreach (var run in runs)
        {
            AddSection(sections, lines.Skip(next).Take(run.First - next).SelectMany(l => l.Words));
            var columns = run.Dividers.Count + 1;
            for (var c = 0; c < columns; c++)
            {
                var left = c == 0 ? double.NegativeInfinity : run.Dividers[c - 1];
                var right = c == columns - 1 ? double.PositiveInfinity : run.Dividers[c];
                AddSection(sections, lines.Skip(run.First).Take(run.Last - run.First + 1)
                    .SelectMany(l => l.Words)
                    .Where(w => ColumnGutters.Centre(w) > left && ColumnGutters.Centre(w) <= right));
            }
            next = run.Last + 1;
        }
        AddSection(sections, lines.Skip(next).SelectMany(l => l.Words));

        // Rotated words (margin stamps, vertical labels) belong to no column; they are read last, as a section.
        AddSection(sections, words.Where(w => w.TextOrientation != TextOrientation.Horizontal));
        return sections;
    }

    private static void AddSection(List<List<Word>> sections, IEnumerable<Word> words)
    {
        var list = words.ToList();
        if (list.Count > 0)
        {
            sections.Add(list);
        }
    }
}
