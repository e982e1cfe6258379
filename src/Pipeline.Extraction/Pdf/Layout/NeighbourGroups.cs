namespace Pipeline.Extraction.Pdf.Layout;

/// <summary>
/// PdfPig 0.1.16's <c>Clustering.GroupIndexes</c> (Apache-2.0): elements linked to their chosen neighbour, grouped
/// into connected components. The order matters and is PdfPig's: groups by their lowest index, each in the
/// depth-first order of its links, because a word's text is its letters in that order.
/// </summary>
internal static class NeighbourGroups
{
    /// <param name="links">links[i] is the element i is linked to, or -1.</param>
    public static List<List<int>> Of(int[] links)
    {
        var adjacency = new List<int>[links.Length];
        for (var i = 0; i < links.Length; i++)
        {
            adjacency[i] = [];
        }
        for (var i = 0; i < links.Length; i++)
        {
            var j = links[i];
            if (j != -1)
            {
                adjacency[i].Add(j);
                adjacency[j].Add(i);
            }
        }

        var groups = new List<List<int>>();
        var done = new bool[links.Length];
        var stack = new Stack<int>();
        for (var start = 0; start < links.Length; start++)
        {
            if (done[start])
            {
                continue;
            }
            var group = new List<int>();
            stack.Push(start);
            done[start] = true;
            while (stack.Count > 0)
            {
                var u = stack.Pop();
                group.Add(u);
                foreach (var v in adjacency[u])
                {
                    if (!done[v])
                    {
                        stack.Push(v);
                        done[v] = true;
                    }
                }
            }
            groups.Add(group);
        }
        return groups;
    }
}
