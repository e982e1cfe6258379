using Pipeline.Core.Documents;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// An Atlassian rich-text body (ADF, Confluence storage XHTML or Jira wiki markup) as blocks, with what the
/// conversion could not map one-to-one, so a connector can log or measure degraded bodies instead of guessing.
/// </summary>
/// <param name="Blocks">In reading order; pages are 0 because these sources have none.</param>
/// <param name="UnknownNodes">
/// Node types, elements or macros (<c>macro:NAME</c>) that have no mapping, with how often they occurred. Their
/// text was kept.
/// </param>
/// <param name="IgnoredNodes">
/// Content left out on purpose because it carries no text of its own: images and media, editor placeholders,
/// dynamic macros such as <c>macro:toc</c> or <c>macro:jira</c>, ADF extensions (<c>extension:KEY</c>).
/// </param>
/// <param name="MalformedNodes">Entries that could not be read (a non-object where a node belongs, an unreadable date, unparsable JSON, an unclosed code block).</param>
/// <param name="FlattenedNodes">Subtrees nested deeper than the structural limit, kept as one paragraph of plain text.</param>
public sealed record ConvertedBody(
    IReadOnlyList<Block> Blocks,
    IReadOnlyDictionary<string, int> UnknownNodes,
    IReadOnlyDictionary<string, int> IgnoredNodes,
    int MalformedNodes,
    int FlattenedNodes)
{
    public static ConvertedBody Empty { get; } = new([], new Dictionary<string, int>(), new Dictionary<string, int>(), 0, 0);
}
