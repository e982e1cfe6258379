namespace Pipeline.Connectors.Confluence;

/// <summary>
/// One container above a page, as v2's ancestors list names it. Titles head a page's document only for page
/// ancestors, but every ancestor's read restriction narrows who may read the page, whatever its type.
/// </summary>
/// <param name="Type"><c>page</c>, <c>folder</c>, <c>whiteboard</c>, <c>database</c> or <c>embed</c>.</param>
public sealed record ConfluenceAncestor(string Id, string Type)
{
    public bool IsPage => Type == "page";
}
