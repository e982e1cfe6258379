using UglyToad.PdfPig.Content;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Finds tables in a page's text layer: consecutive lines whose words fall into cells, separated by gaps far wider
/// than a word space, that line up into the same columns. Deliberately conservative: a paragraph wrongly read as a
/// table is worse for retrieval than a table read as paragraphs, so multi-column prose (whose column gutters look
/// like cell gaps) is rejected by the shape of its cells.
/// </summary>
internal static class TableDetector
{
    // A cell gap is at least this share of the glyph size: about three word spaces. Measured against the
    // page's median word gap instead, a page that is all table (where most gaps are column gaps) would have no
    // cells at all.
    private const double MinimumCellGapEm = 0.8;

    // Rows further apart than this (baseline to baseline, in glyph sizes) belong to different tables.
    private const double MaxLineStepEm = 3.2;

    private const int MinimumRows = 3;
    private const int MaxHeaderWords = 4;
    private const double MaxLoneCellRowShare = 0.2;
    private const double MaxKeyWords = 2;

    // A column of lines of several words that mostly fill the column (justified text) or run on from one line
    // to the next (starting in lower case, ending in a hyphen) is a column of prose, not of cells.
    private const double ProseWordsPerCell = 4.5;
    private const double ProseFullLineShare = 0.6;
    private const double ProseContinuingShare = 0.4;
    private const double FullLineWidth = 0.85;

    /// <param name="lines">The page's horizontal words grouped into lines (<see cref="WordLine.Group"/>).</param>
    public static List<DetectedTable> Find(List<WordLine> lines)
    {
        var cells = lines.Select(l => TableCell.Split(l, MinimumCellGapEm * l.Size)).ToList();

        var tables = new List<DetectedTable>();
        var start = 0;
        while (start < lines.Count)
        {
            if (cells[start].Count < 2)
            {
                start++;
                continue;
            }
            // A rejected run is skipped but for its last line: started again a line lower, the same page layout (a
            // margin of headings, two address blocks) would sooner or later pass for a table. The last line may
            // be the first row of a table whose columns the lines above (a multi-level header) did not fit.
            var table = TableFrom(lines, cells, start, out var end);
            if (table is not null)
            {
                tables.Add(table);
            }
            start = table is not null ? end : Math.Max(start + 1, end - 1);
        }
        return tables;
    }

    /// <summary>
    /// The table whose first line is <paramref name="start"/>, if any. Prose columns (a paragraph beside the
    /// table, or the neighbouring text column of a multi-column page) are left out of it: their words stay with
    /// layout analysis.
    /// </summary>
    private static DetectedTable? TableFrom(List<WordLine> lines, List<List<TableCell>> cells, int start, out int end)
    {
        end = GrowRun(lines, cells, start, out var columns);
        var grid = Grid(cells, start, end, columns);
        var kept = Enumerable.Range(0, columns.Count).Where(c => !IsProse(grid.Select(r => r[c]), columns[c])).ToList();
        grid = Columns(grid, kept);

        var rowLines = Enumerable.Range(0, grid.Count).Where(r => grid[r].Count(c => c is not null) >= 2).ToList();
        if (kept.Count < 2 || rowLines.Count < MinimumRows)
        {
            return null;
        }
        end = start + rowLines[^1] + 1;
        grid = grid[rowLines[0]..(rowLines[^1] + 1)];
        // A column whose only cells were on lines before or after the rows is no column of this table.
        grid = Columns(grid, Enumerable.Range(0, grid[0].Length).Where(c => grid.Any(r => r[c] is not null)).ToList());
        return grid[0].Length < 2 ? null : Build(lines, start + rowLines[0], grid);
    }

    /// <summary>
    /// Extends a run of lines from <paramref name="start"/> while each line's cells fit the columns seen so far
    /// (a cell may open a new column in a gap but never bridge two). Returns the exclusive end.
    /// </summary>
    private static int GrowRun(List<WordLine> lines, List<List<TableCell>> cells, int start, out List<(double Left, double Right)> columns)
    {
        columns = cells[start].Select(c => (c.Left, c.Right)).ToList();
        var end = start + 1;
        while (end < lines.Count
               && lines[end - 1].Baseline - lines[end].Baseline <= MaxLineStepEm * lines[end].Size
               && TryFit(cells[end], columns))
        {
            end++;
        }
        // A run does not end on a lone cell: that is a caption or the next paragraph, not a row.
        while (end - 1 > start && cells[end - 1].Count < 2)
        {
            end--;
        }
        return end;
    }

    private static bool TryFit(List<TableCell> line, List<(double Left, double Right)> columns)
    {
        var used = new HashSet<int>();
        foreach (var cell in line)
        {
            var overlapping = Overlapping(columns, cell.Left, cell.Right).ToList();
            if (overlapping.Count > 1 || (overlapping.Count == 1 && !used.Add(overlapping[0])))
            {
                return false;
            }
        }
        foreach (var cell in line)
        {
            var overlapping = Overlapping(columns, cell.Left, cell.Right).ToList();
            if (overlapping.Count == 0)
            {
                columns.Add((cell.Left, cell.Right));
            }
            else
            {
                var (left, right) = columns[overlapping[0]];
                columns[overlapping[0]] = (Math.Min(left, cell.Left), Math.Max(right, cell.Right));
            }
        }
        columns.Sort((a, b) => a.Left.CompareTo(b.Left));
        return true;
    }

    private static IEnumerable<int> Overlapping(List<(double Left, double Right)> columns, double left, double right) =>
        Enumerable.Range(0, columns.Count).Where(i => columns[i].Left <= right && left <= columns[i].Right);

    /// <summary>Grid[line][column]: the cell of that line in that column, if any.</summary>
    private static List<TableCell?[]> Grid(List<List<TableCell>> cells, int start, int end, List<(double Left, double Right)> columns)
    {
        var grid = new List<TableCell?[]>();
        for (var i = start; i < end; i++)
        {
            var row = new TableCell?[columns.Count];
            foreach (var cell in cells[i])
            {
                row[Overlapping(columns, cell.Left, cell.Right).First()] = cell;
            }
            grid.Add(row);
        }
        return grid;
    }

    private static List<TableCell?[]> Columns(List<TableCell?[]> grid, List<int> kept) =>
        grid.Select(row => kept.Select(c => row[c]).ToArray()).ToList();

    private static DetectedTable? Build(List<WordLine> lines, int start, List<TableCell?[]> grid)
    {
        var tableLines = new List<IReadOnlyList<Word>>();
        var rows = new List<List<List<string>>>();
        var previousBaseline = double.NaN;
        var rowStep = TypicalStep(lines, start, grid);
        // The key column, whose cell opens each row, is the leftmost one filled on at least half as many lines as
        // the fullest column: a column holding only a running header's cell is not it.
        var filled = Enumerable.Range(0, grid[0].Length).Select(c => grid.Count(row => row[c] is not null)).ToList();
        var key = filled.FindIndex(n => 2 * n >= filled.Max());
        for (var r = 0; r < grid.Count; r++)
        {
            // Lines that only had text in a prose column beside the table have no cells left.
            var words = grid[r].OfType<TableCell>().SelectMany(c => c.Words).ToList();
            if (words.Count == 0)
            {
                continue;
            }
            var line = lines[start + r];
            tableLines.Add(words);
            if (rows.Count == 0 || StartsRow(previousBaseline - line.Baseline, line.Size, grid[r][key] is not null, OnlyLastColumn(grid[r]) ? rowStep : 0))
            {
                rows.Add(grid[r].Select(_ => new List<string>()).ToList());
            }
            previousBaseline = line.Baseline;
            for (var c = 0; c < grid[r].Length; c++)
            {
                if (grid[r][c] is { } cell)
                {
                    rows[^1][c].Add(cell.Text);
                }
            }
        }
        var loneCells = rows.Count(row => row.Count(parts => parts.Count > 0) < 2);
        if (rows.Count < MinimumRows
            || loneCells > MaxLoneCellRowShare * rows.Count
            || (HasLongCells(grid) && !IsHeader(rows[0]))
            || (grid[0].Length == 2 && !HasKeyColumn(grid) && !IsHeader(rows[0])))
        {
            return null;
        }
        var texts = rows
            .Select(row => (IReadOnlyList<string>)row.Select(parts => TextNormaliser.Normalise(string.Join('\n', parts))).ToList())
            .ToList();
        return new DetectedTable(tableLines, texts);
    }

    /// <summary>
    /// Header cells centred vertically sit half a line apart and belong together; a line one line-height down
    /// continues the row above when its first column is empty (a cell wrapped onto a second line). In a table
    /// set with open spacing (the IRS exhibits: every line 1.9 glyph sizes apart) a wrapped description sits as far
    /// down as the next row, so for a line with text in the last column only, the table's own typical step
    /// (<paramref name="rowStep"/>, else 0) counts as one line-height too. Anything else starts a new row.
    /// </summary>
    private static bool StartsRow(double step, double size, bool hasFirstColumn, double rowStep) =>
        step >= 0.75 * size && (hasFirstColumn || step > Math.Max(1.45 * size, 1.15 * rowStep));

    /// <summary>A line with text in the last column alone: a description cell wrapped onto another line.</summary>
    private static bool OnlyLastColumn(TableCell?[] row) => row[^1] is not null && row[..^1].All(c => c is null);

    /// <summary>The median baseline step between the table's consecutive lines.</summary>
    private static double TypicalStep(List<WordLine> lines, int start, List<TableCell?[]> grid)
    {
        var baselines = Enumerable.Range(0, grid.Count)
            .Where(r => grid[r].Any(c => c is not null))
            .Select(r => lines[start + r].Baseline)
            .ToList();
        var steps = baselines.Zip(baselines.Skip(1), (a, b) => a - b).Order().ToList();
        return steps.Count == 0 ? 0 : steps[steps.Count / 2];
    }

    /// <summary>
    /// Cells of many words are what a margin-heading layout ("2.3.59.1 | (1) | The Business Master file…") and
    /// a table of descriptions have in common; only the table opens with a header row.
    /// </summary>
    private static bool HasLongCells(List<TableCell?[]> grid) =>
        Enumerable.Range(0, grid[0].Length).Any(c =>
            grid.Select(r => r[c]).OfType<TableCell>().Select(cell => cell.Words.Count).DefaultIfEmpty().Average() >= ProseWordsPerCell);

    /// <summary>
    /// Two columns of text side by side are as often two blocks of a page layout (two addresses, two columns of
    /// prose) as a table; a two-column table has a header row or a column of short keys, codes or numbers.
    /// </summary>
    private static bool HasKeyColumn(List<TableCell?[]> grid) =>
        Enumerable.Range(0, 2).Any(c => grid.Select(r => r[c]).OfType<TableCell>().Select(cell => cell.Words.Count).DefaultIfEmpty().Average() <= MaxKeyWords);

    private static bool IsHeader(List<List<string>> row)
    {
        var cells = row.Select(parts => string.Join(' ', parts)).Where(t => t.Length > 0).ToList();
        return cells.Count >= 2 && cells.All(t => t.Split(' ').Length <= MaxHeaderWords && t.Any(char.IsLetter) && !t.EndsWith('.'));
    }

    private static bool IsProse(IEnumerable<TableCell?> column, (double Left, double Right) bounds)
    {
        var cells = column.OfType<TableCell>().ToList();
        if (cells.Count < MinimumRows)
        {
            return false;
        }
        var width = bounds.Right - bounds.Left;
        var fullLines = cells.Count(c => c.Width >= FullLineWidth * width);
        var continuing = cells.Count(c => char.IsLower(c.Text[0]) || c.Text.EndsWith('-'));
        return cells.Average(c => c.Words.Count) >= ProseWordsPerCell
               && (fullLines >= ProseFullLineShare * cells.Count || continuing >= ProseContinuingShare * cells.Count);
    }
}
