namespace Pipeline.Extraction.Atlassian;

/// <summary>The ADF node types this converter knows (from Atlassian's ADF schema and the captured bodies).</summary>
internal static class AdfNodeCatalog
{
    public static AdfNodeKind KindOf(string? type) => type switch
    {
        "paragraph" => AdfNodeKind.Paragraph,
        "heading" => AdfNodeKind.Heading,
        "bulletList" => AdfNodeKind.BulletList,
        "orderedList" => AdfNodeKind.OrderedList,
        "taskList" => AdfNodeKind.TaskList,
        "decisionList" => AdfNodeKind.DecisionList,
        "listItem" => AdfNodeKind.ListItem,
        "taskItem" or "blockTaskItem" => AdfNodeKind.TaskItem,
        "decisionItem" => AdfNodeKind.DecisionItem,
        "table" => AdfNodeKind.Table,
        "tableRow" => AdfNodeKind.TableRow,
        "tableHeader" or "tableCell" => AdfNodeKind.TableCell,
        "codeBlock" => AdfNodeKind.CodeBlock,
        "panel" => AdfNodeKind.Panel,
        "blockquote" => AdfNodeKind.Blockquote,
        "expand" or "nestedExpand" => AdfNodeKind.Expand,
        "rule" => AdfNodeKind.Rule,
        "mediaSingle" or "mediaGroup" => AdfNodeKind.MediaContainer,
        "media" or "mediaInline" => AdfNodeKind.Media,
        "caption" => AdfNodeKind.Caption,
        "extension" or "inlineExtension" => AdfNodeKind.Extension,
        "doc" or "bodiedExtension" or "multiBodiedExtension" or "extensionFrame" or "layoutSection" or "layoutColumn"
            or "syncBlock" or "bodiedSyncBlock" => AdfNodeKind.Container,
        "blockCard" or "embedCard" => AdfNodeKind.Card,
        "text" => AdfNodeKind.Text,
        "hardBreak" => AdfNodeKind.HardBreak,
        "mention" => AdfNodeKind.Mention,
        "emoji" => AdfNodeKind.Emoji,
        "inlineCard" => AdfNodeKind.InlineCard,
        "status" => AdfNodeKind.Status,
        "date" => AdfNodeKind.Date,
        "placeholder" => AdfNodeKind.Placeholder,
        _ => AdfNodeKind.Unknown,
    };

    /// <summary>Nodes that live inside a paragraph's run of text rather than standing as blocks of their own.</summary>
    public static bool IsInline(AdfNodeKind kind) => kind is AdfNodeKind.Text or AdfNodeKind.HardBreak
        or AdfNodeKind.Mention or AdfNodeKind.Emoji or AdfNodeKind.InlineCard or AdfNodeKind.Status
        or AdfNodeKind.Date or AdfNodeKind.Placeholder;
}
