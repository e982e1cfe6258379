using UglyToad.PdfPig.Core;

namespace Pipeline.Extraction.Pdf.Layout;

/// <summary>
/// PdfPig 0.1.16's <c>KdTree&lt;T&gt;</c> (Apache-2.0), rebuilt for speed with the same results. Word and line
/// grouping ask it for every letter's and word's neighbours, and PdfPig's tree spent most of that time in generic
/// code shared across element types (sorting 32-byte elements through a shared comparer, a SortedList of HashSets
/// per k-nearest query). Its answers are not those of an exact nearest-neighbour search: an inner node's own
/// point counts even when it is the pivot, and ties go to whichever node the walk meets last. Layout output
/// depends on both, so the tree is built by the same sorts and walked in the same order, comparison for
/// comparison; only the storage (nodes in an array, a small fixed queue) differs. Elements are known by their
/// index: PdfPig tells the pivot by reference, which is the same thing because every caller's elements are
/// distinct objects (PdfPig makes a letter per glyph drawn, word grouping a word per group).
/// </summary>
internal sealed class PointTree
{
    private const int None = -1;

    private readonly NeighbourQueue _queue = new();
    private readonly Node[] _nodes;
    private readonly int _root;
    private int _count;

    // Only used while building. The build sorts element indices (4 bytes each) rather than (index, point) pairs
    // (24 bytes): the sort is the same comparison-based introsort whatever it moves, so with the same comparisons
    // it leaves the same order, ties included, and the tree comes out the same.
    private readonly PdfPoint[] _points;
    private readonly Comparison<int> _byX;
    private readonly Comparison<int> _byY;

    private PointTree(PdfPoint[] points)
    {
        _points = points;
        _byX = (a, b) => _points[a].X.CompareTo(_points[b].X);
        _byY = (a, b) => _points[a].Y.CompareTo(_points[b].Y);
        var indices = new int[points.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = i;
        }
        // A run of two adds a node and a leaf under it: at most one extra node per two elements.
        _nodes = new Node[points.Length + points.Length / 2 + 1];
        _root = Build(indices, 0);
    }

    /// <param name="point">Where each element sits, e.g. a letter's start on its baseline.</param>
    public static PointTree Of<T>(IReadOnlyList<T> elements, Func<T, PdfPoint> point)
    {
        if (elements.Count == 0)
        {
            throw new ArgumentException("A tree needs at least one element.", nameof(elements));
        }
        var points = new PdfPoint[elements.Count];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = point(elements[i]);
        }
        return new PointTree(points);
    }

    /// <summary>The element nearest <paramref name="pivotPoint"/> other than element <paramref name="pivot"/>, as PdfPig finds it; -1 when none.</summary>
    public int FindNearestNeighbour(int pivot, PdfPoint pivotPoint, Func<PdfPoint, PdfPoint, double> distance, out double nearest)
    {
        var found = Nearest(_root, pivot, pivotPoint, distance, out var node, out nearest);
        if (!found)
        {
            nearest = double.NaN;
            return None;
        }
        return _nodes[node].Element;
    }

    /// <summary>
    /// The elements at the <paramref name="k"/> smallest distances, nearest first, as PdfPig finds them: every
    /// element at a distance counts, so more than k may come back. Appended to <paramref name="results"/>.
    /// Not thread-safe: the tree keeps one queue for all queries.
    /// </summary>
    public void FindNearestNeighbours(int pivot, int k, PdfPoint pivotPoint, Func<PdfPoint, PdfPoint, double> distance, List<(int Element, double Distance)> results)
    {
        _queue.Reset(k);
        Nearest(_root, pivot, pivotPoint, distance, _queue);
        for (var i = 0; i < _queue.Count; i++)
        {
            foreach (var node in _queue.NodesAt(i))
            {
                results.Add((_nodes[node].Element, _queue.DistanceAt(i)));
            }
        }
    }

    private int Build(Span<int> elements, int depth)
    {
        if (elements.Length == 0)
        {
            return None;
        }
        if (elements.Length == 1)
        {
            return Add(elements[0], depth, isLeaf: true, None, None);
        }
        elements.Sort(depth % 2 == 0 ? _byX : _byY);
        if (elements.Length == 2)
        {
            return Add(elements[1], depth, isLeaf: false, Add(elements[0], depth + 1, isLeaf: true, None, None), None);
        }
        var median = elements.Length / 2;
        var left = Build(elements[..median], depth + 1);
        var right = Build(elements[(median + 1)..], depth + 1);
        return Add(elements[median], depth, isLeaf: false, left, right);
    }

    private int Add(int element, int depth, bool isLeaf, int left, int right)
    {
        var cutX = depth % 2 == 0;
        var point = _points[element];
        _nodes[_count] = new Node(point, cutX ? point.X : point.Y, element, left, right, isLeaf, cutX);
        return _count++;
    }

    private bool IsPivot(int node, int pivot) => _nodes[node].Element == pivot;

    private bool Nearest(int index, int pivot, PdfPoint pivotPoint, Func<PdfPoint, PdfPoint, double> distance, out int nearest, out double nearestDistance)
    {
        nearest = None;
        nearestDistance = double.NaN;
        if (index == None)
        {
            return false;
        }
        ref readonly var node = ref _nodes[index];
        if (node.IsLeaf)
        {
            if (IsPivot(index, pivot))
            {
                return false;
            }
            nearest = index;
            nearestDistance = distance(node.Point, pivotPoint);
            return true;
        }

        // An inner node is a candidate before its children, even when it is the pivot itself (as in PdfPig).
        var current = index;
        var currentDistance = distance(node.Point, pivotPoint);
        bool found;
        int candidate;
        double candidateDistance;
        var value = node.CutX ? pivotPoint.X : pivotPoint.Y;
        if (value < node.Cut)
        {
            found = Nearest(node.Left, pivot, pivotPoint, distance, out candidate, out candidateDistance);
            if (found && candidateDistance <= currentDistance && !IsPivot(candidate, pivot))
            {
                current = candidate;
                currentDistance = candidateDistance;
            }
            if (node.Right != None && value + currentDistance >= node.Cut)
            {
                found = Nearest(node.Right, pivot, pivotPoint, distance, out candidate, out candidateDistance);
            }
        }
        else
        {
            found = Nearest(node.Right, pivot, pivotPoint, distance, out candidate, out candidateDistance);
            if (found && candidateDistance <= currentDistance && !IsPivot(candidate, pivot))
            {
                current = candidate;
                currentDistance = candidateDistance;
            }
            if (node.Left != None && value - currentDistance <= node.Cut)
            {
                found = Nearest(node.Left, pivot, pivotPoint, distance, out candidate, out candidateDistance);
            }
        }
        if (found && candidateDistance <= currentDistance && !IsPivot(candidate, pivot))
        {
            current = candidate;
            currentDistance = candidateDistance;
        }
        nearest = current;
        nearestDistance = currentDistance;
        return true;
    }

    /// <returns>The node and distance PdfPig's walk hands back to the level above; (-1, NaN) for none.</returns>
    private (int Node, double Distance) Nearest(int index, int pivot, PdfPoint pivotPoint, Func<PdfPoint, PdfPoint, double> distance, NeighbourQueue queue)
    {
        if (index == None)
        {
            return (None, double.NaN);
        }
        ref readonly var node = ref _nodes[index];
        if (node.IsLeaf)
        {
            if (IsPivot(index, pivot))
            {
                return (None, double.NaN);
            }
            var leafDistance = distance(node.Point, pivotPoint);
            if (!queue.IsFull || leafDistance <= queue.LastDistance)
            {
                queue.Add(leafDistance, index);
                return (queue.LastNode, queue.LastDistance);
            }
            return (index, leafDistance);
        }

        var current = index;
        var currentDistance = distance(node.Point, pivotPoint);
        if ((!queue.IsFull || currentDistance <= queue.LastDistance) && !IsPivot(index, pivot))
        {
            queue.Add(currentDistance, index);
            current = queue.LastNode;
            currentDistance = queue.LastDistance;
        }

        (int Node, double Distance) candidate;
        var value = node.CutX ? pivotPoint.X : pivotPoint.Y;
        if (value < node.Cut)
        {
            candidate = Nearest(node.Left, pivot, pivotPoint, distance, queue);
            if (!double.IsNaN(candidate.Distance) && candidate.Distance <= currentDistance && !IsPivot(candidate.Node, pivot))
            {
                queue.Add(candidate.Distance, candidate.Node);
                current = queue.LastNode;
                currentDistance = queue.LastDistance;
            }
            if (node.Right != None && value + currentDistance >= node.Cut)
            {
                candidate = Nearest(node.Right, pivot, pivotPoint, distance, queue);
            }
        }
        else
        {
            candidate = Nearest(node.Right, pivot, pivotPoint, distance, queue);
            if (!double.IsNaN(candidate.Distance) && candidate.Distance <= currentDistance && !IsPivot(candidate.Node, pivot))
            {
                queue.Add(candidate.Distance, candidate.Node);
                current = queue.LastNode;
                currentDistance = queue.LastDistance;
            }
            if (node.Left != None && value - currentDistance <= node.Cut)
            {
                candidate = Nearest(node.Left, pivot, pivotPoint, distance, queue);
            }
        }
        if (!double.IsNaN(candidate.Distance) && candidate.Distance <= currentDistance && !IsPivot(candidate.Node, pivot))
        {
            queue.Add(candidate.Distance, candidate.Node);
            current = queue.LastNode;
            currentDistance = queue.LastDistance;
        }
        return (current, currentDistance);
    }

    /// <param name="Cut">The coordinate the node splits on: x at even depths, y at odd ones.</param>
    /// <param name="Element">Index of the element in the list the tree was built from.</param>
    private readonly record struct Node(PdfPoint Point, double Cut, int Element, int Left, int Right, bool IsLeaf, bool CutX);

    /// <summary>
    /// PdfPig's k-nearest queue (a SortedList of distance to HashSet of nodes) without its allocations: at most
    /// k distinct distances, smallest first, each with its nodes in the order they were added.
    /// </summary>
    private sealed class NeighbourQueue
    {
        private readonly List<double> _distances = [];
        private readonly List<List<int>> _nodes = [];
        private readonly Stack<List<int>> _spare = new();
        private int _k;

        public double LastDistance { get; private set; }

        public int LastNode { get; private set; }

        public bool IsFull => _distances.Count >= _k;

        public int Count => _distances.Count;

        public double DistanceAt(int i) => _distances[i];

        public List<int> NodesAt(int i) => _nodes[i];

        public void Reset(int k)
        {
            foreach (var nodes in _nodes)
            {
                nodes.Clear();
                _spare.Push(nodes);
            }
            _distances.Clear();
            _nodes.Clear();
            _k = k;
            LastDistance = double.PositiveInfinity;
            LastNode = None;
        }

        public void Add(double distance, int node)
        {
            if (distance > LastDistance && IsFull)
            {
                return;
            }
            // Distances are keyed as SortedList keys them: by CompareTo, under which NaN sorts first and equals itself.
            var at = _distances.BinarySearch(distance);
            if (at < 0)
            {
                at = ~at;
                _distances.Insert(at, distance);
                _nodes.Insert(at, _spare.Count > 0 ? _spare.Pop() : []);
                if (_distances.Count > _k)
                {
                    _distances.RemoveAt(_distances.Count - 1);
                    _nodes[^1].Clear();
                    _spare.Push(_nodes[^1]);
                    _nodes.RemoveAt(_nodes.Count - 1);
                    if (at == _distances.Count)
                    {
                        // PdfPig looks the distance up again after dropping the last one, and throws when it was that one.
                        throw new KeyNotFoundException($"The distance {distance} was dropped from the nearest-neighbour queue.");
                    }
                }
            }
            var nodes = _nodes[at];
            if (nodes.Contains(node))
            {
                return;
            }
            nodes.Add(node);
            LastDistance = _distances[^1];
            LastNode = _nodes[^1][^1];
        }
    }
}
