using AngleSharp.Dom;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// Walks a parsed storage-format body and writes its blocks. Recursion follows the block structure only and
/// stops at <see cref="BlockContext.MaxDepth"/>; below that a subtree becomes one paragraph of plain text.
/// </summary>
internal sealed class StorageBlockReader
{
    private const string QuotePrefix = "> ";

    private readonly BlockWriter _writer = new();
    private readonly ConversionTally _tally = new();
    private readonly StorageTextCollector _text;

    public StorageBlockReader() => _text = new StorageTextCollector(_tally);

    /// <param name="flattenedBeforeParsing">Whether <see cref="StorageMarkupNormaliser"/> already flattened nesting too deep.</param>
    public ConvertedBody Read(INode body, bool flattenedBeforeParsing)
    {
        if (flattenedBeforeParsing)
        {
            _tally.Flattened();
        }
        Flow(body.ChildNodes, BlockContext.Root);
        return _tally.Result(_writer);
    }

    /// <summary>Block children in order; runs of text and inline elements between them become paragraphs.</summary>
    private void Flow(IEnumerable<INode> children, BlockContext context)
    {
        var pending = new InlineText();
        foreach (var child in children)
        {
            if (child is not IElement element || IsInline(element))
            {
                _text.Append(child, pending);
                continue;
            }
            _writer.Paragraph(pending.Take(), context.Prefix);
            Block(element, context);
        }
        _writer.Paragraph(pending.Take(), context.Prefix);
    }

    private void Block(IElement element, BlockContext context)
    {
        if (context.IsTooDeep)
        {
            _writer.Paragraph(InlineOf(element), context.Prefix);
            _tally.Flattened();
            return;
        }
        switch (StorageElementCatalog.KindOf(element))
        {
            case StorageElementKind.Heading:
                _writer.Heading(InlineOf(element), element.LocalName[1] - '0');
                break;
            case StorageElementKind.Paragraph or StorageElementKind.Container:
                Flow(element.ChildNodes, context.Deeper());
                break;
            case StorageElementKind.Quote:
                Flow(element.ChildNodes, context.Prefixed(QuotePrefix));
                break;
            case StorageElementKind.List:
                List(element, context);
                break;
            case StorageElementKind.ListItem:
                // An item outside any list: still an item, one level below where it stands.
                Item(element, context.InList(context.ListLevel + 1), string.Empty);
                break;
            case StorageElementKind.TaskList:
                TaskList(element, context);
                break;
            case StorageElementKind.Task:
                Task(element, context.InList(context.ListLevel + 1));
                break;
            case StorageElementKind.Table:
                Table(element, context);
                break;
            case StorageElementKind.Preformatted:
                _writer.Code(StorageTextCollector.RawText(element));
                break;
            case StorageElementKind.Macro:
                Macro(new StorageMacro(element), context);
                break;
            case StorageElementKind.AdfExtension:
                Flow(StorageTextCollector.AdfExtensionContent(element), context.Deeper());
                break;
            case StorageElementKind.Unknown:
                _tally.Unknown(element.LocalName);
                Flow(element.ChildNodes, context.Deeper());
                break;
            default:
                _writer.Paragraph(InlineOf(element), context.Prefix);
                break;
        }
    }

    private void Macro(StorageMacro macro, BlockContext context)
    {
        switch (macro.Kind)
        {
            case StorageMacroKind.Code:
                _writer.Code(StorageTextCollector.CodeText(macro));
                return;
            case StorageMacroKind.Callout:
                var label = CalloutLabel.PrefixFor(macro.Name);
                _writer.Paragraph(macro.Parameter("title") ?? string.Empty, context.Prefix + label);
                FlowBodies(macro, context.Prefixed(label));
                return;
            case StorageMacroKind.Titled:
                _writer.Paragraph(macro.Parameter("title") ?? string.Empty, context.Prefix);
                FlowBodies(macro, context.Deeper());
                return;
            case StorageMacroKind.Container:
                FlowBodies(macro, context.Deeper());
                return;
            case StorageMacroKind.Status:
                _writer.Paragraph(macro.Parameter("title") ?? string.Empty, context.Prefix);
                return;
            case StorageMacroKind.Ignored:
                _tally.Ignored(macro.CountedName);
                return;
            default:
                _tally.Unknown(macro.CountedName);
                if (macro.PlainTextBody is { } plain)
                {
                    var text = new InlineText();
                    text.Append(StorageTextCollector.RawText(plain));
                    _writer.Paragraph(text.Take(), context.Prefix);
                }
                FlowBodies(macro, context.Deeper());
                return;
        }
    }

    private void FlowBodies(StorageMacro macro, BlockContext context)
    {
        foreach (var body in macro.RichTextBodies)
        {
            Flow(body.ChildNodes, context);
        }
    }

    private void List(IElement list, BlockContext context)
    {
        var itemContext = context.InList(context.ListLevel + 1);
        var ordered = list.LocalName == "ol";
        var number = int.TryParse(list.GetAttribute("start"), out var start) ? start : 1;
        foreach (var child in list.ChildNodes)
        {
            if (child is IElement { LocalName: "li" } item)
            {
                Item(item, itemContext, ordered ? $"{number++}. " : string.Empty);
            }
            else if (child is IElement element)
            {
                // A list nested straight in a list (invalid HTML, common in pasted content) is one level deeper.
                Block(element, itemContext);
            }
            else
            {
                var stray = new InlineText();
                _text.Append(child, stray);
                _writer.Paragraph(stray.Take(), context.Prefix);
            }
        }
    }

    private void TaskList(IElement list, BlockContext context)
    {
        var itemContext = context.InList(context.ListLevel + 1);
        foreach (var child in list.Children)
        {
            if (child.LocalName == "ac:task")
            {
                Task(child, itemContext);
            }
            else
            {
                Block(child, itemContext);
            }
        }
    }

    private void Task(IElement task, BlockContext context)
    {
        var body = task.Children.FirstOrDefault(c => c.LocalName == "ac:task-body") ?? task;
        Item(body, context, StorageTextCollector.TaskMarker(task));
    }

    /// <summary>
    /// The item's leading text and paragraphs are its text; what follows them (a nested list, a code macro)
    /// comes after it as blocks of their own, nested lists one level deeper.
    /// </summary>
    private void Item(IElement item, BlockContext context, string marker)
    {
        var text = new InlineText();
        var pending = new InlineText();
        var written = false;
        foreach (var child in item.ChildNodes)
        {
            var element = child as IElement;
            var inline = element is null || IsInline(element);
            if (!written && (inline || StorageElementCatalog.KindOf(element!) == StorageElementKind.Paragraph))
            {
                _text.Append(child, text);
                continue;
            }
            if (written && inline)
            {
                _text.Append(child, pending);
                continue;
            }
            if (!written)
            {
                _writer.ListItem(text.Take(), context.ListLevel, marker);
                written = true;
            }
            _writer.Paragraph(pending.Take(), context.Prefix);
            Block(element!, context);
        }
        if (!written)
        {
            _writer.ListItem(text.Take(), context.ListLevel, marker);
        }
        _writer.Paragraph(pending.Take(), context.Prefix);
    }

    private void Table(IElement table, BlockContext context)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var child in table.Children)
        {
            switch (child.LocalName)
            {
                case "tr":
                    rows.Add(Row(child));
                    break;
                case "thead" or "tbody" or "tfoot":
                    rows.AddRange(child.Children.Where(r => r.LocalName == "tr").Select(Row));
                    break;
                case "caption":
                    _writer.Paragraph(InlineOf(child), context.Prefix);
                    break;
            }
        }
        _writer.Table(rows);
    }

    // A cell is one line of its row: paragraphs, lists and breaks inside it are joined by spaces.
    private List<string> Row(IElement row) => row.Children
        .Where(cell => cell.LocalName is "td" or "th")
        .Select(cell => InlineOf(cell).Replace('\n', ' '))
        .ToList();

    private string InlineOf(IElement element)
    {
        var sink = new InlineText();
        _text.Append(element, sink);
        return sink.Take();
    }

    /// <summary>Whether the element continues the surrounding run of text rather than standing as a block.</summary>
    private static bool IsInline(IElement element)
    {
        var kind = StorageElementCatalog.KindOf(element);
        return kind switch
        {
            StorageElementKind.Macro => IsInlineMacro(new StorageMacro(element)),
            // An unknown element reads as a block only when it holds blocks.
            StorageElementKind.Unknown => !element.Children.Any(c => IsBlockKind(StorageElementCatalog.KindOf(c))),
            _ => StorageElementCatalog.IsInline(kind),
        };
    }

    // A status lozenge or a skipped macro sits inside a sentence; splitting the paragraph there would cut it in two.
    private static bool IsInlineMacro(StorageMacro macro) => macro.Kind switch
    {
        StorageMacroKind.Status or StorageMacroKind.Ignored => true,
        StorageMacroKind.Unknown => !macro.HasRichTextBody,
        _ => false,
    };

    private static bool IsBlockKind(StorageElementKind kind) =>
        kind is not StorageElementKind.Unknown && !StorageElementCatalog.IsInline(kind);
}
