namespace Pipeline.Extraction.Atlassian;

/// <summary>What a storage-format element means to the conversion; see <see cref="StorageElementCatalog"/>.</summary>
internal enum StorageElementKind
{
    Unknown,
    Heading,
    Paragraph,
    Container,
    Quote,
    List,
    ListItem,
    Table,
    Preformatted,
    Macro,
    TaskList,
    Task,
    AdfExtension,
    Link,
    Emoticon,
    LineBreak,
    Time,
    Inline,

    /// <summary>Structure that carries no text of its own (macro parameters, resource identifiers, task ids).</summary>
    Hidden,

    /// <summary>Content deliberately left out and counted: images and editor placeholders.</summary>
    Dropped,
}
