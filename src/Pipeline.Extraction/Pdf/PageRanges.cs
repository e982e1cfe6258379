namespace Pipeline.Extraction.Pdf;

/// <summary>Writes page numbers as "2-3,7" so metadata stays short when a long scan has hundreds of such pages.</summary>
internal static class PageRanges
{
    public static string Format(IReadOnlyList<int> ascendingPages)
    {
        var parts = new List<string>();
        var i = 0;
        while (i < ascendingPages.Count)
        {
            var start = ascendingPages[i];
            var end = start;
            while (i + 1 < ascendingPages.Count && ascendingPages[i + 1] == end + 1)
            {
                end = ascendingPages[++i];
            }
            parts.Add(start == end ? $"{start}" : $"{start}-{end}");
            i++;
        }
        return string.Join(',', parts);
    }
}
