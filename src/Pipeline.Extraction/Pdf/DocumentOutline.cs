using UglyToad.PdfPig;
using UglyToad.PdfPig.Outline;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Reads the PDF's outline (bookmarks) as the author's own table of contents, in document order. Levels come
/// from the bookmark tree; an outline that is one flat list (common: the IRS manual lists "2.3.59.1" and
/// "2.3.59.1.1" side by side) takes them from the titles' numbering instead, when most titles are numbered.
/// </summary>
internal static class DocumentOutline
{
    private const int MaxLevel = 6;

    public static IReadOnlyList<OutlineEntry> Read(PdfDocument document)
    {
        Bookmarks? bookmarks;
        try
        {
            if (!document.TryGetBookmarks(out bookmarks) || bookmarks is null)
            {
                return [];
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A broken outline is not worth losing the document over; the font statistics still work.
            return [];
        }

        var nodes = new List<(DocumentBookmarkNode Node, int Depth)>();
        foreach (var root in bookmarks.Roots)
        {
            Collect(root, 0, nodes);
        }
        var entries = nodes
            .Select(n => (Title: TextNormaliser.Normalise(n.Node.Title ?? string.Empty), n.Node.PageNumber, n.Depth))
            .Where(n => n.Title.Any(char.IsLetterOrDigit) && n.PageNumber >= 1)
            .ToList();

        var flat = entries.All(e => e.Depth == 0);
        var numbered = entries.Where(e => SectionNumber.Parts(e.Title).Count > 0).ToList();
        if (!flat || numbered.Count * 2 < entries.Count)
        {
            return entries.Select(e => new OutlineEntry(e.Title, Math.Min(e.Depth + 1, MaxLevel), e.PageNumber)).ToList();
        }
        var shallowest = numbered.Min(e => SectionNumber.Parts(e.Title).Count);
        return entries
            .Select(e =>
            {
                var depth = SectionNumber.Parts(e.Title).Count;
                var level = depth == 0 ? 1 : depth - shallowest + 1;
                return new OutlineEntry(e.Title, Math.Clamp(level, 1, MaxLevel), e.PageNumber);
            })
            .ToList();
    }

    private static void Collect(BookmarkNode node, int depth, List<(DocumentBookmarkNode, int)> nodes)
    {
        // Bookmarks to other files or web addresses say nothing about this document's sections.
        if (node is DocumentBookmarkNode local)
        {
            nodes.Add((local, depth));
        }
        foreach (var child in node.Children)
        {
            Collect(child, depth + 1, nodes);
        }
    }
}
