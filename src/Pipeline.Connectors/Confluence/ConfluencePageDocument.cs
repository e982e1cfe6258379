using System.Globalization;
using Pipeline.Connectors.Atlassian;
using Pipeline.Core.Documents;
using Pipeline.Extraction.Atlassian;

namespace Pipeline.Connectors.Confluence;

/// <summary>
/// A page as one document, headed by where it sits: one heading per ancestor (levels 1..n), the page title
/// (n+1), then the body with its headings moved below the title, so every chunk's heading path starts with
/// the page's place in the tree.
/// </summary>
internal static class ConfluencePageDocument
{
    public const string UntitledPage = "Untitled page";

    /// <param name="ancestors">Ancestor titles, top-most first.</param>
    public static SourceDocument Build(ConfluencePage page, IReadOnlyList<string> ancestors, string spaceKey, Uri site, out ConvertedBody body)
    {
        var title = string.IsNullOrWhiteSpace(page.Title) ? UntitledPage : page.Title.Trim();
        body = StorageXhtmlConverter.Convert(page.Storage);
        var blocks = new List<Block>(ancestors.Count + 1 + body.Blocks.Count);
        blocks.AddRange(ancestors.Select((ancestor, index) => Block.Heading(ancestor, index + 1, 0)));
        blocks.Add(Block.Heading(title, ancestors.Count + 1, 0));
        blocks.AddRange(HeadingShift.Below(body.Blocks, ancestors.Count + 1));

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = page.Id,
            ["space"] = spaceKey,
            ["title"] = title,
            ["version"] = page.Version?.ToString(CultureInfo.InvariantCulture) ?? "unknown",
            ["url"] = Url(page, site),
            ["storage_unknown_nodes"] = body.UnknownNodes.Values.Sum().ToString(CultureInfo.InvariantCulture),
        };
        if (ancestors.Count > 0)
        {
            metadata["ancestors"] = string.Join(" / ", ancestors);
        }
        if (page.VersionCreatedAt is { Length: > 0 } updated)
        {
            metadata["updated"] = updated;
        }
        return new SourceDocument(page.Id, title, blocks, 0, metadata);
    }

    // _links.webui is relative to the site's /wiki base; without it the id-based URL always resolves.
    private static string Url(ConfluencePage page, Uri site) =>
        page.WebUi is { Length: > 0 } webUi && webUi.StartsWith('/')
            ? new Uri(site, "wiki" + webUi).ToString()
            : new Uri(site, $"wiki/pages/viewpage.action?pageId={Uri.EscapeDataString(page.Id)}").ToString();
}
