using AngleSharp.Html.Parser;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// Converts a Confluence storage-format body (REST v2 <c>body-format=storage</c>, v1 <c>body.storage.value</c>):
/// an XHTML fragment with undeclared <c>ac:</c> and <c>ri:</c> elements. It is read by an HTML parser, which
/// recovers from anything (truncated bodies, stray tags) the way browsers do, after
/// <see cref="StorageMarkupNormaliser"/> has made its XHTML-only syntax mean the same in HTML. Never throws on
/// the body's content.
/// </summary>
/// <remarks>
/// Time and memory grow linearly with the body; the caller caps its size. A 10 MB body converts in a few
/// seconds (see the tests).
/// </remarks>
public static class StorageXhtmlConverter
{
    public static ConvertedBody Convert(string? xhtml)
    {
        if (string.IsNullOrWhiteSpace(xhtml))
        {
            return ConvertedBody.Empty;
        }
        var parser = new HtmlParser(new HtmlParserOptions { SkipComments = true, DisableElementPositionTracking = true });
        // The body element is the fragment's context, as it is for content pasted into a page: nothing is moved
        // into a head.
        var markup = StorageMarkupNormaliser.Normalise(xhtml);
        using var document = parser.ParseDocument("<!DOCTYPE html><body>" + markup.Html);
        return document.Body is { } body ? new StorageBlockReader().Read(body, markup.Flattened) : ConvertedBody.Empty;
    }
}
