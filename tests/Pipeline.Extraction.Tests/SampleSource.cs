using Pipeline.Core.Documents;

namespace Pipeline.Extraction.Tests;

/// <summary>
/// The prose of one sample PDF, kept as text so that it can be reviewed and edited like any other file.
/// Format: "# " starts the title, "## " a section heading, every other non-blank line is one paragraph.
/// </summary>
internal sealed record SampleSource(string RelativePdfPath, string Title, IReadOnlyList<Block> Blocks)
{
    public static SampleSource Parse(string relativePdfPath, string text)
    {
        var blocks = new List<Block>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            blocks.Add(line switch
            {
                _ when line.StartsWith("## ", StringComparison.Ordinal) => Block.Heading(line[3..], 2, 0),
                _ when line.StartsWith("# ", StringComparison.Ordinal) => Block.Heading(line[2..], 1, 0),
                _ => Block.Paragraph(line, 0),
            });
        }
        var title = blocks.First(b => b is { Kind: BlockKind.Heading, Level: 1 }).Text;
        return new SampleSource(relativePdfPath, title, blocks);
    }
}
