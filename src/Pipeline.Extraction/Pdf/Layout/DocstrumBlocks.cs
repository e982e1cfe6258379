using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;

namespace Pipeline.Extraction.Pdf.Layout;

/// <summary>
/// PdfPig 0.1.16's <c>DocstrumBoundingBoxes.GetBlocks</c> with default options on one thread, with the same
/// blocks, on <see cref="PointTree"/>. PdfPig builds two identical trees of the words' bottom-left corners (one
/// to estimate the spacing, one to group lines) and asks the same two-nearest question of each word twice; here
/// the tree is built once and each word's within-line neighbours are found once and used for both. Blocks are
/// then formed by PdfPig's own <see cref="DocstrumBoundingBoxes.GetStructuralBlocks"/>.
/// </summary>
internal static class DocstrumBlocks
{
    private const int Neighbours = 2;

    private static readonly DocstrumBoundingBoxes.DocstrumBoundingBoxesOptions Options = new();

    public static List<TextBlock> Get(IReadOnlyList<Word> words)
    {
        var visible = words.Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
        if (visible.Count == 0)
        {
            return [];
        }

        // 1. Within-line and between-line spacing: the peaks of the distances to each word's two nearest
        // neighbours to the right and above.
        var tree = PointTree.Of(visible, w => w.BoundingBox.BottomLeft);
        var beside = new List<(int Element, double Distance)>[visible.Count];
        var withinLine = new List<double>();
        var betweenLine = new List<double>();
        var above = new List<(int Element, double Distance)>();
        for (var i = 0; i < visible.Count; i++)
        {
            var word = visible[i];
            beside[i] = [];
            tree.FindNearestNeighbours(i, Neighbours, word.BoundingBox.BottomRight, Distances.Euclidean, beside[i]);
            foreach (var (n, _) in beside[i])
            {
                if (Options.WithinLineBounds.Contains(AngleWithinLine(word, visible[n])))
                {
                    withinLine.Add(Distances.Euclidean(word.BoundingBox.BottomRight, visible[n].BoundingBox.BottomLeft));
                }
            }

            above.Clear();
            tree.FindNearestNeighbours(i, Neighbours, word.BoundingBox.TopLeft, Distances.Euclidean, above);
            foreach (var (n, _) in above)
            {
                var neighbour = visible[n];
                var angle = AngleBetweenLines(word, neighbour);
                if (!Options.BetweenLineBounds.Contains(angle))
                {
                    continue;
                }
                var hypotenuse = Distances.Euclidean(word.BoundingBox.Centroid, neighbour.BoundingBox.Centroid);
                if (angle > 90)
                {
                    angle -= 180;
                }
                var distance = Math.Abs(hypotenuse * Math.Cos((90 - angle) * Math.PI / 180))
                    - word.BoundingBox.Height / 2.0 - neighbour.BoundingBox.Height / 2.0;
                // Negative where words overlap; ignored, as in PdfPig.
                if (distance >= 0)
                {
                    betweenLine.Add(distance);
                }
            }
        }
        var withinLineDistance = PeakAverage(withinLine, Options.WithinLineBinSize) ?? 0;
        var betweenLineDistance = PeakAverage(betweenLine, Options.BetweenLineBinSize) ?? 0;

        // 2. Lines: each word linked to the first of its within-line neighbours (found above) that lies within
        // the angle and the distance.
        var maxWithinLine = Options.WithinLineMultiplier * withinLineDistance;
        var links = new int[visible.Count];
        Array.Fill(links, -1);
        for (var i = 0; i < visible.Count; i++)
        {
            foreach (var (n, distance) in beside[i])
            {
                if (Options.WithinLineBounds.Contains(AngleWithinLine(visible[i], visible[n])) && distance < maxWithinLine)
                {
                    links[i] = n;
                    break;
                }
            }
        }
        var lines = NeighbourGroups.Of(links)
            .Select(g => new TextLine(g.Select(i => visible[i]).ToList().OrderByReadingOrder(), Options.WordSeparator))
            .ToArray();

        // 3. Blocks.
        return DocstrumBoundingBoxes.GetStructuralBlocks(
                lines, Options.BetweenLineMultiplier * betweenLineDistance, Options.AngularDifferenceBounds, Options.Epsilon,
                Options.LineSeparator, maxDegreeOfParallelism: 1)
            .ToList();
    }

    private static double AngleWithinLine(Word pivot, Word candidate)
    {
        var angle = Distances.BoundAngle180(Distances.Angle(pivot.BoundingBox.BottomRight, candidate.BoundingBox.BottomLeft) - pivot.BoundingBox.Rotation);
        // Kept within [-90, 90] so that overlapping words count.
        if (angle > 90)
        {
            angle -= 180;
        }
        else if (angle < -90)
        {
            angle += 180;
        }
        return angle;
    }

    private static double AngleBetweenLines(Word pivot, Word candidate)
    {
        var angle = Distances.BoundAngle180(Distances.Angle(pivot.BoundingBox.Centroid, candidate.BoundingBox.Centroid) - pivot.BoundingBox.Rotation);
        // Kept within [0, 180] for the check.
        if (angle < 0)
        {
            angle += 180;
        }
        return angle;
    }

    /// <summary>The mean of the distances in the fullest bin of a histogram; null when there are none.</summary>
    private static double? PeakAverage(List<double> distances, int binLength)
    {
        if (distances.Count == 0)
        {
            return null;
        }
        // A plain loop rather than Max(): PdfPig's, which keeps a leading NaN where Max() would skip it.
        var maxDistance = distances[0];
        for (var i = 1; i < distances.Count; i++)
        {
            if (distances[i] > maxDistance)
            {
                maxDistance = distances[i];
            }
        }
        maxDistance = Math.Ceiling(maxDistance);
        if (maxDistance > int.MaxValue)
        {
            throw new OverflowException($"Error while casting maximum distance of {maxDistance} to integer.");
        }
        var max = (int)maxDistance;
        if (max == 0)
        {
            max = binLength;
        }
        else
        {
            binLength = binLength > max ? max : binLength;
        }

        var binCount = (int)Math.Ceiling(max / (double)binLength) + 1;
        var bins = new List<double>[binCount];
        for (var i = 0; i < binCount; i++)
        {
            bins[i] = [];
        }
        foreach (var distance in distances)
        {
            var bin = (int)Math.Floor(distance / binLength);
            if (bin < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(distances), "Negative distance found while computing peak average distance.");
            }
            bins[Math.Min(bin, binCount - 1)].Add(distance);
        }

        List<double>? best = null;
        foreach (var bin in bins)
        {
            if (best is null || bin.Count > best.Count)
            {
                best = bin;
            }
        }
        if (best is null || best.Count == 0)
        {
            return null;
        }
        double sum = 0;
        foreach (var distance in best)
        {
            sum += distance;
        }
        return sum / best.Count;
    }
}
