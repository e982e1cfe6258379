using System.Text.Json;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// Walks one ADF document and writes its blocks. Recursion follows the document's block structure only, and
/// stops at <see cref="BlockContext.MaxDepth"/>; below that a subtree becomes one paragraph of plain text.
/// </summary>
internal sealed class AdfBlockReader
{
    private const string QuotePrefix = "> ";
    private const string DecisionMarker = "Decision: ";

    private readonly BlockWriter _writer = new();
    private readonly ConversionTally _tally = new();
    private readonly AdfTextCollector _text;

    public AdfBlockReader() => _text = new AdfTextCollector(_tally);

    public ConvertedBody Read(JsonElement root)
    {
        if (root.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return ConvertedBody.Empty;
        }
        Node(root, BlockContext.Root);
        return _tally.Result(_writer);
    }

    private void Node(JsonElement node, BlockContext context)
    {
        if (!AdfNode.IsNode(node))
        {
            _tally.Malformed();
            return;
        }
        if (context.IsTooDeep)
        {
            _writer.Paragraph(InlineOf(node, includeNode: true), context.Prefix);
            _tally.Flattened();
            return;
        }
        var kind = AdfNodeCatalog.KindOf(AdfNode.Type(node));
        switch (kind)
        {
            case AdfNodeKind.Paragraph or AdfNodeKind.Caption:
                _writer.Paragraph(InlineOf(node, includeNode: false), context.Prefix);
                break;
            case AdfNodeKind.Heading:
                _writer.Heading(InlineOf(node, includeNode: false), AdfNode.IntAttribute(node, "level") ?? 1);
                break;
            case AdfNodeKind.BulletList or AdfNodeKind.OrderedList or AdfNodeKind.TaskList or AdfNodeKind.DecisionList:
                List(node, kind, context);
                break;
            case AdfNodeKind.ListItem or AdfNodeKind.TaskItem or AdfNodeKind.DecisionItem:
                // An item outside any list: still an item, one level below where it stands.
                Item(node, context.InList(context.ListLevel + 1), Marker(kind, node, number: null));
                break;
            case AdfNodeKind.Table:
                Table(node);
                break;
            case AdfNodeKind.CodeBlock:
                _writer.Code(_text.CodeText(node));
                break;
            case AdfNodeKind.Panel:
                Children(node, context.Prefixed(CalloutLabel.PrefixFor(AdfNode.Attribute(node, "panelType"))));
                break;
            case AdfNodeKind.Blockquote:
                Children(node, context.Prefixed(QuotePrefix));
                break;
            case AdfNodeKind.Expand:
                _writer.Paragraph(AdfNode.Attribute(node, "title") ?? string.Empty, context.Prefix);
                Children(node, context.Deeper());
                break;
            case AdfNodeKind.Rule:
                break;
            case AdfNodeKind.Media:
                _tally.Ignored(AdfNode.Type(node)!);
                break;
            case AdfNodeKind.Extension:
                _tally.Ignored(AdfTextCollector.ExtensionName(node));
                break;
            case AdfNodeKind.Unknown when !AdfNode.HasContent(node):
                _writer.Paragraph(InlineOf(node, includeNode: true), context.Prefix);
                break;
            case AdfNodeKind.Unknown:
                _tally.Unknown(AdfNode.Type(node) ?? "(untyped)");
                _writer.Paragraph(AdfNode.Text(node) ?? string.Empty, context.Prefix);
                Children(node, context.Deeper());
                break;
            case AdfNodeKind.Container or AdfNodeKind.MediaContainer or AdfNodeKind.TableRow or AdfNodeKind.TableCell:
                Children(node, context.Deeper());
                break;
            default:
                // Inline content standing where a block belongs: kept as a paragraph of its own.
                _writer.Paragraph(InlineOf(node, includeNode: true), context.Prefix);
                break;
        }
    }

    /// <summary>Block children in order; runs of inline children between them become paragraphs.</summary>
    private void Children(JsonElement node, BlockContext context)
    {
        var pending = new InlineText();
        foreach (var child in ContentOf(node))
        {
            if (IsInline(child))
            {
                _text.Append(child, pending);
                continue;
            }
            _writer.Paragraph(pending.Take(), context.Prefix);
            Node(child, context);
        }
        _writer.Paragraph(pending.Take(), context.Prefix);
    }

    private void List(JsonElement list, AdfNodeKind kind, BlockContext context)
    {
        var itemContext = context.InList(context.ListLevel + 1);
        var number = AdfNode.IntAttribute(list, "order") ?? 1;
        foreach (var child in ContentOf(list))
        {
            var childKind = AdfNodeCatalog.KindOf(AdfNode.Type(child));
            if (childKind is AdfNodeKind.ListItem or AdfNodeKind.TaskItem or AdfNodeKind.DecisionItem)
            {
                Item(child, itemContext, Marker(childKind, child, kind == AdfNodeKind.OrderedList ? number++ : null));
                continue;
            }
            // A list nested straight in a list (ADF does this for task lists) is one level deeper.
            Node(child, itemContext);
        }
    }

    /// <summary>
    /// The item's leading paragraphs are its text; what follows them (a nested list, a code block) comes after it
    /// as blocks of its own, nested lists one level deeper.
    /// </summary>
    private void Item(JsonElement item, BlockContext context, string marker)
    {
        var text = new InlineText();
        var pending = new InlineText();
        var written = false;
        foreach (var child in ContentOf(item))
        {
            var isParagraph = AdfNodeCatalog.KindOf(AdfNode.Type(child)) == AdfNodeKind.Paragraph;
            if (!written && (isParagraph || IsInline(child)))
            {
                _text.Append(child, text);
                continue;
            }
            if (written && IsInline(child))
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
            Node(child, context);
        }
        if (!written)
        {
            _writer.ListItem(text.Take(), context.ListLevel, marker);
        }
        _writer.Paragraph(pending.Take(), context.Prefix);
    }

    private void Table(JsonElement table)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var row in ContentOf(table))
        {
            if (AdfNodeCatalog.KindOf(AdfNode.Type(row)) != AdfNodeKind.TableRow)
            {
                // Not a row: its text still belongs to the table, as a row of one cell.
                rows.Add([CellText(row, includeNode: true)]);
                continue;
            }
            rows.Add(ContentOf(row).Select(cell => CellText(cell, includeNode: !IsCell(cell))).ToList());
        }
        _writer.Table(rows);
    }

    // A cell is one line of its row: paragraphs, lists and breaks inside it are joined by spaces.
    private string CellText(JsonElement cell, bool includeNode) =>
        InlineOf(cell, includeNode).Replace('\n', ' ');

    private static bool IsCell(JsonElement node) => AdfNodeCatalog.KindOf(AdfNode.Type(node)) == AdfNodeKind.TableCell;

    private string InlineOf(JsonElement node, bool includeNode)
    {
        var sink = new InlineText();
        if (includeNode)
        {
            _text.Append(node, sink);
        }
        else
        {
            _text.AppendChildren(node, sink);
        }
        return sink.Take();
    }

    private IEnumerable<JsonElement> ContentOf(JsonElement node)
    {
        var content = AdfNode.Content(node, out var malformed);
        if (malformed)
        {
            _tally.Malformed();
        }
        return content is { } children ? children : [];
    }

    // Non-objects count as inline so that the collector reports them without breaking the paragraph around them.
    private static bool IsInline(JsonElement node)
    {
        if (!AdfNode.IsNode(node))
        {
            return true;
        }
        var kind = AdfNodeCatalog.KindOf(AdfNode.Type(node));
        return AdfNodeCatalog.IsInline(kind) || (kind == AdfNodeKind.Unknown && !AdfNode.HasContent(node));
    }

    private static string Marker(AdfNodeKind itemKind, JsonElement item, int? number) => itemKind switch
    {
        AdfNodeKind.TaskItem => AdfTextCollector.TaskMarker(item),
        AdfNodeKind.DecisionItem => DecisionMarker,
        _ when number is { } n => $"{n}. ",
        _ => string.Empty,
    };
}
