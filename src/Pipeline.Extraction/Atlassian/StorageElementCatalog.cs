using AngleSharp.Dom;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// The HTML and Confluence (<c>ac:</c>, <c>ri:</c>) elements of storage format this converter knows. The HTML
/// parser gives every name in lower case, prefix included (<c>ac:structured-macro</c>).
/// </summary>
internal static class StorageElementCatalog
{
    private const string ResourcePrefix = "ri:";

    private static readonly Dictionary<string, StorageElementKind> Kinds = Build();

    public static StorageElementKind KindOf(IElement element) => KindOf(element.LocalName);

    public static StorageElementKind KindOf(string name)
    {
        if (Kinds.TryGetValue(name, out var kind))
        {
            return kind;
        }
        if (name.Length == 2 && name[0] == 'h' && name[1] is >= '1' and <= '6')
        {
            return StorageElementKind.Heading;
        }
        return name.StartsWith(ResourcePrefix, StringComparison.Ordinal) ? StorageElementKind.Hidden : StorageElementKind.Unknown;
    }

    /// <summary>Elements that sit inside a run of text, so that a paragraph continues across them.</summary>
    public static bool IsInline(StorageElementKind kind) => kind is StorageElementKind.Inline or StorageElementKind.Link
        or StorageElementKind.Emoticon or StorageElementKind.LineBreak or StorageElementKind.Time
        or StorageElementKind.Hidden or StorageElementKind.Dropped;

    private static Dictionary<string, StorageElementKind> Build()
    {
        var kinds = new Dictionary<string, StorageElementKind>(StringComparer.Ordinal);
        void Add(StorageElementKind kind, params string[] names)
        {
            foreach (var name in names)
            {
                kinds[name] = kind;
            }
        }

        Add(StorageElementKind.Paragraph, "p");
        Add(
            StorageElementKind.Container,
            "div", "section", "article", "aside", "header", "footer", "main", "nav", "center", "figure", "figcaption",
            "details", "summary", "dl", "dt", "dd", "address", "caption", "fieldset", "legend", "form", "body", "html",
            "thead", "tbody", "tfoot", "tr", "td", "th",
            "ac:layout", "ac:layout-section", "ac:layout-cell", "ac:rich-text-body", "ac:task-body", "ac:caption",
            "ac:adf-node", "ac:adf-content", "ac:adf-fallback");
        Add(StorageElementKind.Quote, "blockquote");
        Add(StorageElementKind.List, "ul", "ol");
        Add(StorageElementKind.ListItem, "li");
        Add(StorageElementKind.Table, "table");
        Add(StorageElementKind.Preformatted, "pre", "listing", "xmp");
        Add(StorageElementKind.Macro, "ac:structured-macro", "ac:macro");
        Add(StorageElementKind.TaskList, "ac:task-list");
        Add(StorageElementKind.Task, "ac:task");
        Add(StorageElementKind.AdfExtension, "ac:adf-extension");
        Add(StorageElementKind.Link, "ac:link");
        Add(StorageElementKind.Emoticon, "ac:emoticon");
        Add(StorageElementKind.LineBreak, "br");
        Add(StorageElementKind.Time, "time");
        Add(
            StorageElementKind.Inline,
            "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i",
            "ins", "kbd", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "tt", "u",
            "var", "label", "ac:inline-comment-marker", "ac:link-body", "ac:plain-text-link-body", "ac:plain-text-body");
        Add(
            StorageElementKind.Hidden,
            "script", "style", "template", "noscript", "head", "title", "meta", "link", "hr", "col", "colgroup", "input",
            "select", "textarea", "button", "iframe", "object", "embed", "video", "audio", "canvas", "svg", "math",
            "ac:parameter", "ac:default-parameter", "ac:task-id", "ac:task-uuid", "ac:task-status", "ac:adf-attribute",
            "ac:adf-mark");
        Add(StorageElementKind.Dropped, "ac:image", "img", "ac:placeholder");
        return kinds;
    }
}
