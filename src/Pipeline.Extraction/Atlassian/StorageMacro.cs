using AngleSharp.Dom;

namespace Pipeline.Extraction.Atlassian;

/// <summary>The parts of one <c>ac:structured-macro</c> element: name, parameters and bodies.</summary>
internal sealed class StorageMacro
{
    private readonly IElement _element;

    public StorageMacro(IElement element)
    {
        _element = element;
        Name = element.GetAttribute("ac:name")?.Trim().ToLowerInvariant() ?? string.Empty;
        Kind = StorageMacroCatalog.KindOf(Name);
    }

    public string Name { get; }

    public StorageMacroKind Kind { get; }

    /// <summary>The name used in counts: <c>macro:toc</c>.</summary>
    public string CountedName => "macro:" + (Name.Length > 0 ? Name : "(unnamed)");

    public IEnumerable<IElement> RichTextBodies => _element.Children.Where(c => c.LocalName == "ac:rich-text-body");

    public IElement? PlainTextBody => _element.Children.FirstOrDefault(c => c.LocalName == "ac:plain-text-body");

    public bool HasRichTextBody => RichTextBodies.Any();

    public string? Parameter(string name) => _element.Children
        .FirstOrDefault(c => c.LocalName == "ac:parameter" && string.Equals(c.GetAttribute("ac:name"), name, StringComparison.OrdinalIgnoreCase))
        ?.TextContent.Trim();
}
