namespace Pipeline.Core.Documents;

public enum BlockKind
{
    Heading,
    Paragraph,
    ListItem,
    Table,
    Code,
}
