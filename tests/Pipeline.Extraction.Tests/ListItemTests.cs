using Pipeline.Core.Documents;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Extraction.Tests;

/// <summary>Lines that start with a bullet or an enumerator become list items.</summary>
public sealed class ListItemTests
{
    [Theory]
    [InlineData("• Fax: 202-493-2251.", "Bullet")]
    [InlineData("•", "Bullet")]
    [InlineData("- an item", "Bullet")]
    [InlineData("\uF0B7 Symbol-font bullet", "Bullet")]
    [InlineData("1. Column, fused-silica", "Enumerator")]
    [InlineData("a) first choice", "Enumerator")]
    [InlineData("-5 °C is the limit", "None")]
    [InlineData("3.1 Overview", "None")]
    [InlineData("A. Smith wrote it", "None")]
    [InlineData("1990. A year", "None")]
    public void Markers_are_recognised(string line, string expected) =>
        Assert.Equal(Enum.Parse<ListMarker>(expected), ListItemStart.Of(line));

    [Fact]
    public void Bulleted_lines_become_list_items_without_their_bullet()
    {
        var blocks = CorpusExtraction.Document("federal-register-2020-17221-3col.pdf").Blocks;

        var item = Assert.Single(blocks, b => b.Text.StartsWith("Fax:", StringComparison.Ordinal));
        Assert.Equal(BlockKind.ListItem, item.Kind);
        Assert.Equal(1, item.Level);
    }
}
