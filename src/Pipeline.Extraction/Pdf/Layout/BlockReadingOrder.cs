using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using R = UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector.IntervalRelations;

namespace Pipeline.Extraction.Pdf.Layout;

/// <summary>
/// PdfPig 0.1.16's <c>UnsupervisedReadingOrderDetector.Instance</c> (column-wise rules, T = 5, content order as
/// the tie-breaker) with the same order. PdfPig averages both blocks' letter sequence numbers afresh for every pair
/// of blocks the geometry does not decide, which on a page of many small blocks (tables, forms) cost more than
/// the geometry; here each block's average is taken once, when first needed.
/// </summary>
internal static class BlockReadingOrder
{
    private const double T = 5;

    public static List<TextBlock> Of(IReadOnlyList<TextBlock> blocks)
    {
        var renderingOrder = new double?[blocks.Count];
        double RenderingOrder(int i) =>
            renderingOrder[i] ??= blocks[i].TextLines.SelectMany(l => l.Words).SelectMany(w => w.Letters).Select(l => l.TextSequence).Average();

        // An edge i -> j says block i comes before block j.
        var before = new List<int>[blocks.Count];
        for (var i = 0; i < blocks.Count; i++)
        {
            before[i] = [];
            for (var j = 0; j < blocks.Count; j++)
            {
                if (i != j && (BeforeInReading(blocks[i], blocks[j]) || RenderingOrder(i) < RenderingOrder(j)))
                {
                    before[i].Add(j);
                }
            }
        }

        // Repeatedly take the block that precedes the most blocks still left (the first such on ties).
        var left = Enumerable.Range(0, blocks.Count).ToList();
        var ordered = new List<TextBlock>(blocks.Count);
        while (left.Count > 0)
        {
            var max = left.Max(i => before[i].Count);
            var index = left.First(i => before[i].Count == max);
            left.Remove(index);
            foreach (var i in left)
            {
                before[i].Remove(index);
            }
            blocks[index].SetReadingOrder(ordered.Count);
            ordered.Add(blocks[index]);
        }
        return ordered;
    }

    /// <summary>Block a comes before block b in a column-wise reading: to its left, or above it where they share columns.</summary>
    private static bool BeforeInReading(TextBlock a, TextBlock b)
    {
        var x = IntervalRelationsHelper.GetRelationX(a.BoundingBox, b.BoundingBox, T);
        var y = IntervalRelationsHelper.GetRelationY(a.BoundingBox, b.BoundingBox, T);
        return x == R.Precedes || x == R.Meets
            || (x == R.Overlaps && (y == R.Precedes || y == R.Meets || y == R.Overlaps))
            || ((y == R.Precedes || y == R.Meets || y == R.Overlaps)
                && x is R.Precedes or R.Meets or R.Overlaps or R.Starts or R.FinishesI or R.Equals or R.During or R.DuringI or R.Finishes or R.StartsI or R.OverlapsI);
    }
}
