using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// Turns ADF inline content, or any subtree that has to become one run of text (a table cell, content nested
/// too deep), into text. It walks with its own stack rather than recursion, so no input depth can overflow the
/// call stack.
/// </summary>
internal sealed class AdfTextCollector(ConversionTally tally)
{
    /// <summary>Appends <paramref name="node"/> and everything under it; block boundaries become word breaks.</summary>
    public void Append(JsonElement node, InlineText sink)
    {
        var steps = new Stack<Step>();
        steps.Push(new Step(node, IsBoundary: false));
        while (steps.TryPop(out var step))
        {
            if (step.IsBoundary)
            {
                sink.AppendSeparator();
                continue;
            }
            if (AppendLeaf(step.Node, sink) is { } container)
            {
                PushChildren(container, steps);
            }
        }
    }

    /// <summary>Appends the children of <paramref name="node"/> (a paragraph's or a cell's content), not the node itself.</summary>
    public void AppendChildren(JsonElement node, InlineText sink)
    {
        var content = AdfNode.Content(node, out var malformed);
        if (malformed)
        {
            tally.Malformed();
        }
        if (content is null)
        {
            return;
        }
        foreach (var child in content.Value)
        {
            Append(child, sink);
        }
    }

    /// <summary>A code block's text exactly as written: newlines and indentation are the code's meaning.</summary>
    public string CodeText(JsonElement codeBlock)
    {
        var code = new StringBuilder();
        var content = AdfNode.Content(codeBlock, out var malformed);
        if (malformed)
        {
            tally.Malformed();
        }
        if (content is null)
        {
            return string.Empty;
        }
        foreach (var child in content.Value)
        {
            switch (AdfNodeCatalog.KindOf(AdfNode.Type(child)))
            {
                case AdfNodeKind.Text:
                    code.Append(AdfNode.Text(child));
                    break;
                case AdfNodeKind.HardBreak:
                    code.Append('\n');
                    break;
                default:
                    var other = new InlineText();
                    Append(child, other);
                    code.Append(other.Take());
                    break;
            }
        }
        return code.ToString();
    }

    // Writes what a node says by itself and returns it when its children still have to be walked.
    private JsonElement? AppendLeaf(JsonElement node, InlineText sink)
    {
        if (!AdfNode.IsNode(node))
        {
            tally.Malformed();
            return null;
        }
        var type = AdfNode.Type(node);
        switch (AdfNodeCatalog.KindOf(type))
        {
            case AdfNodeKind.Text:
                sink.Append(AdfNode.Text(node));
                return null;
            case AdfNodeKind.HardBreak:
                sink.AppendLineBreak();
                return null;
            case AdfNodeKind.Mention:
                AppendAtom(sink, MentionName(node));
                return null;
            case AdfNodeKind.Emoji:
                AppendAtom(sink, AdfNode.Attribute(node, "text") ?? AdfNode.Attribute(node, "shortName"));
                return null;
            case AdfNodeKind.InlineCard or AdfNodeKind.Card:
                AppendAtom(sink, AdfNode.Attribute(node, "url"));
                return null;
            case AdfNodeKind.Status:
                AppendAtom(sink, AdfNode.Attribute(node, "text"));
                return null;
            case AdfNodeKind.Date:
                AppendAtom(sink, IsoDate(node));
                return null;
            case AdfNodeKind.Placeholder or AdfNodeKind.Rule:
                return null;
            case AdfNodeKind.Media:
                tally.Ignored(type!);
                return null;
            case AdfNodeKind.Extension:
                tally.Ignored(ExtensionName(node));
                return null;
            case AdfNodeKind.TaskItem:
                sink.AppendSeparator();
                sink.Append(TaskMarker(node));
                return node;
            case AdfNodeKind.Unknown:
                tally.Unknown(type ?? "(untyped)");
                sink.Append(AdfNode.Text(node));
                return node;
            default:
                return node;
        }
    }

    private void PushChildren(JsonElement node, Stack<Step> steps)
    {
        var content = AdfNode.Content(node, out var malformed);
        if (malformed)
        {
            tally.Malformed();
        }
        if (content is null)
        {
            return;
        }
        // Pushed last-first so they pop in document order, wrapped in boundaries so blocks don't run together.
        var children = content.Value.ToList();
        steps.Push(new Step(default, IsBoundary: true));
        for (var i = children.Count - 1; i >= 0; i--)
        {
            steps.Push(new Step(children[i], IsBoundary: false));
        }
        steps.Push(new Step(default, IsBoundary: true));
    }

    public static string TaskMarker(JsonElement taskItem) =>
        string.Equals(AdfNode.Attribute(taskItem, "state"), "DONE", StringComparison.OrdinalIgnoreCase) ? "[x] " : "[ ] ";

    public static string ExtensionName(JsonElement node) =>
        "extension:" + (AdfNode.Attribute(node, "extensionKey") ?? AdfNode.Type(node) ?? "unknown");

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

    // attrs.text is the display name as it was when mentioned ("@Jane Doe"); the account id alone means nothing to a reader.
    private static string? MentionName(JsonElement node) => AdfNode.Attribute(node, "text")?.TrimStart('@');

    private string? IsoDate(JsonElement node)
    {
        var timestamp = AdfNode.Attribute(node, "timestamp");
        if (long.TryParse(timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds()
            && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        tally.Malformed();
        return null;
    }

    private readonly record struct Step(JsonElement Node, bool IsBoundary);
}
