using Pipeline.Core.Documents;

namespace Pipeline.Connectors.Atlassian;

/// <summary>
/// Moves a body's headings below the headings a source puts above it (a page's breadcrumb, a comment's
/// author line), so the chunker's heading path reads top-down: breadcrumb › title › body heading.
/// </summary>
internal static class HeadingShift
{
    public static IEnumerable<Block> Below(IEnumerable<Block> blocks, int levels) =>
        levels == 0 ? blocks : blocks.Select(b => b.Kind == BlockKind.Heading ? b with { Level = b.Level + levels } : b);
}
