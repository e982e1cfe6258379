using System.Text;
using AngleSharp.Dom;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// Turns a storage-format subtree into text: inline runs of a paragraph, table cells, and content nested too
/// deep for the block walk. It walks with its own stack, so no nesting depth can overflow the call stack, and
/// it skips exactly what the block walk skips (parameters, placeholders, images, dynamic macros).
/// </summary>
internal sealed class StorageTextCollector(ConversionTally tally)
{
    private const string DoneStatus = "complete";

    public void Append(INode node, InlineText sink)
    {
        var steps = new Stack<Step>();
        steps.Push(new Step(node, IsBoundary: false));
        while (steps.TryPop(out var step))
        {
            if (step.IsBoundary)
            {
                sink.AppendSeparator();
            }
            else if (step.Node is IText text)
            {
                sink.Append(text.Data);
            }
            else if (step.Node is IElement element)
            {
                AppendElement(element, sink, steps);
            }
        }
    }

    /// <summary>Text exactly as written, for <c>pre</c> and code macro bodies; only <c>br</c> is read as markup.</summary>
    public static string RawText(INode node)
    {
        var text = new StringBuilder();
        var steps = new Stack<INode>();
        steps.Push(node);
        while (steps.TryPop(out var current))
        {
            if (current is IText t)
            {
                text.Append(t.Data);
                continue;
            }
            if (current is not IElement element)
            {
                continue;
            }
            var kind = StorageElementCatalog.KindOf(element);
            if (kind == StorageElementKind.LineBreak)
            {
                text.Append('\n');
            }
            else if (kind is not (StorageElementKind.Hidden or StorageElementKind.Dropped))
            {
                for (var i = element.ChildNodes.Length - 1; i >= 0; i--)
                {
                    steps.Push(element.ChildNodes[i]);
                }
            }
        }
        return text.ToString();
    }

    public static string TaskMarker(IElement task)
    {
        var status = task.Children.FirstOrDefault(c => c.LocalName == "ac:task-status")?.TextContent.Trim();
        return string.Equals(status, DoneStatus, StringComparison.OrdinalIgnoreCase) ? "[x] " : "[ ] ";
    }

    private void AppendElement(IElement element, InlineText sink, Stack<Step> steps)
    {
        var kind = StorageElementCatalog.KindOf(element);
        switch (kind)
        {
            case StorageElementKind.Hidden:
                return;
            case StorageElementKind.Dropped:
                tally.Ignored(element.LocalName);
                return;
            case StorageElementKind.LineBreak:
                sink.AppendLineBreak();
                return;
            case StorageElementKind.Emoticon:
                AppendAtom(sink, element.GetAttribute("ac:emoji-fallback") ?? element.GetAttribute("ac:emoji-shortname"));
                return;
            case StorageElementKind.Time when element.ChildNodes.Length == 0:
                AppendAtom(sink, element.GetAttribute("datetime"));
                return;
            case StorageElementKind.Link:
                AppendLink(element, sink, steps);
                return;
            case StorageElementKind.Macro:
                AppendMacro(new StorageMacro(element), sink, steps);
                return;
            case StorageElementKind.Task:
                sink.AppendSeparator();
                sink.Append(TaskMarker(element));
                PushChildren(element.ChildNodes, steps, boundaries: true);
                return;
            case StorageElementKind.AdfExtension:
                PushChildren(AdfExtensionContent(element), steps, boundaries: true);
                return;
            case StorageElementKind.Unknown:
                tally.Unknown(element.LocalName);
                PushChildren(element.ChildNodes, steps, boundaries: false);
                return;
            default:
                PushChildren(element.ChildNodes, steps, boundaries: !StorageElementCatalog.IsInline(kind));
                return;
        }
    }

    /// <summary>
    /// An ADF-only node that storage format wraps: its fallback is ordinary HTML, while the node itself mixes
    /// text with attribute values; the fallback is read when there is one.
    /// </summary>
    public static IEnumerable<INode> AdfExtensionContent(IElement extension) =>
        extension.Children.FirstOrDefault(c => c.LocalName == "ac:adf-fallback") is { } fallback
            ? [fallback]
            : extension.ChildNodes;

    // A link reads as its own text; without one, as what it points to (page title, file name, URL).
    private static void AppendLink(IElement link, InlineText sink, Stack<Step> steps)
    {
        var body = link.Children.FirstOrDefault(c => c.LocalName is "ac:link-body" or "ac:plain-text-link-body");
        if (body is not null && !string.IsNullOrWhiteSpace(body.TextContent))
        {
            steps.Push(new Step(body, IsBoundary: false));
            return;
        }
        var resource = link.Children.FirstOrDefault(c => c.LocalName.StartsWith("ri:", StringComparison.Ordinal));
        AppendAtom(sink, resource?.LocalName switch
        {
            "ri:page" or "ri:blog-post" => resource.GetAttribute("ri:content-title"),
            "ri:attachment" => resource.GetAttribute("ri:filename"),
            "ri:url" => resource.GetAttribute("ri:value"),
            "ri:space" => resource.GetAttribute("ri:space-key"),
            _ => null,
        });
    }

    private void AppendMacro(StorageMacro macro, InlineText sink, Stack<Step> steps)
    {
        switch (macro.Kind)
        {
            case StorageMacroKind.Ignored:
                tally.Ignored(macro.CountedName);
                return;
            case StorageMacroKind.Status:
                AppendAtom(sink, macro.Parameter("title"));
                return;
            case StorageMacroKind.Code:
                sink.AppendSeparator();
                sink.Append(CodeText(macro));
                sink.AppendSeparator();
                return;
            case StorageMacroKind.Unknown:
                tally.Unknown(macro.CountedName);
                break;
        }
        sink.AppendSeparator();
        sink.Append(macro.Kind is StorageMacroKind.Titled or StorageMacroKind.Callout ? macro.Parameter("title") : null);
        sink.AppendSeparator();
        if (macro.Kind == StorageMacroKind.Unknown && macro.PlainTextBody is { } plain)
        {
            sink.Append(RawText(plain));
        }
        PushChildren(macro.RichTextBodies.Cast<INode>().ToList(), steps, boundaries: true);
    }

    public static string CodeText(StorageMacro macro) =>
        macro.PlainTextBody is { } plain ? RawText(plain)
        : macro.RichTextBodies.FirstOrDefault() is { } rich ? RawText(rich)
        : string.Empty;

    private static void AppendAtom(InlineText sink, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }
        sink.AppendSeparator();
        sink.Append(text);
        sink.AppendSeparator();
    }

    // Pushed last-first so they pop in document order; boundaries keep blocks' words apart.
    private static void PushChildren(IEnumerable<INode> children, Stack<Step> steps, bool boundaries)
    {
        var list = children as IReadOnlyList<INode> ?? children.ToList();
        if (boundaries)
        {
            steps.Push(new Step(null, IsBoundary: true));
        }
        for (var i = list.Count - 1; i >= 0; i--)
        {
            steps.Push(new Step(list[i], IsBoundary: false));
        }
        if (boundaries)
        {
            steps.Push(new Step(null, IsBoundary: true));
        }
    }

    private readonly record struct Step(INode? Node, bool IsBoundary);
}
