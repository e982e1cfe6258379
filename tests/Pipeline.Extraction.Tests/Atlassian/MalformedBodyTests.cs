using System.Text;
using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Extraction.Atlassian;
using static Pipeline.Extraction.Tests.Atlassian.BlockAssertions;

namespace Pipeline.Extraction.Tests.Atlassian;

/// <summary>Bodies damaged in transit or written by careless apps: converted as far as they can be read, never thrown on.</summary>
public sealed class MalformedBodyTests
{
    [Fact]
    public void Adf_content_entries_that_are_not_nodes_are_counted_and_the_rest_kept()
    {
        var body = AdfConverter.Convert("""
            {"type":"doc","version":1,"content":[
              42, "stray", null, [],
              {"type":"paragraph","content":[{"type":"text","text":"kept "}, 7, {"type":"text","text":"around it"}]},
              {"type":"heading","attrs":{"level":"two"},"content":"not an array"},
              {"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"item text"}]}]}, false]},
              {"type":"paragraph","content":[{"type":"date","attrs":{"timestamp":"soon"}}, {"type":"mention","attrs":{"text":17}}]},
              {"text":"untyped text"},
              {"type":"futureWidget","content":[{"type":"paragraph","content":[{"type":"text","text":"inside the unknown"}]}]}
            ]}
            """);

        Assert.Equal(
            [(BlockKind.Paragraph, "kept around it"), (BlockKind.ListItem, "item text"), (BlockKind.Paragraph, "17"),
             (BlockKind.Paragraph, "untyped text"), (BlockKind.Paragraph, "inside the unknown")],
            body.Blocks.Select(b => (b.Kind, b.Text)));
        // 42, "stray", null, [], 7, the heading's content, false, the unreadable date.
        Assert.Equal(8, body.MalformedNodes);
        Assert.Equal(1, body.UnknownNodes["futureWidget"]);
        Assert.Equal(1, body.UnknownNodes["(untyped)"]);
    }

    [Theory]
    [InlineData("{\"type\":\"doc\",\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"cut")]
    [InlineData("not json at all")]
    [InlineData("\"\\\"double encoded\\\"\"")]
    public void Adf_that_is_not_a_readable_document_gives_an_empty_body_counted_as_malformed(string json)
    {
        var body = AdfConverter.Convert(json);

        Assert.Empty(body.Blocks);
        Assert.Equal(1, body.MalformedNodes);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(2_000)]
    public void Adf_nested_deeper_than_the_limit_is_flattened_with_its_text(int depth)
    {
        // Quotes in list items in quotes…: each level a container the walk would recurse into.
        var json = new StringBuilder("""{"type":"doc","content":[""");
        for (var i = 0; i < depth; i++)
        {
            json.Append($$"""{"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"level {{i}}"}]},""");
        }
        json.Append("""{"type":"paragraph","content":[{"type":"text","text":"the bottom"}]}""");
        json.Append(string.Concat(Enumerable.Repeat("]}", depth))).Append("]}");

        var body = AdfConverter.Convert(json.ToString());

        // The quote and the paragraph beside it at the limit are each flattened.
        Assert.Equal(2, body.FlattenedNodes);
        var text = AllText(body);
        Assert.Contains("level 0", text);
        Assert.Contains($"level {depth - 1}", text);
        Assert.Contains("the bottom", text);
        Assert.Equal(0, body.MalformedNodes);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(10_000)]
    public void Storage_nested_deeper_than_the_limit_is_flattened_with_its_text(int depth)
    {
        var xhtml = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            xhtml.Append($"<ul><li>item {i}");
        }
        xhtml.Append("<p>the bottom</p>");
        for (var i = 0; i < depth; i++)
        {
            xhtml.Append("</li></ul>");
        }

        var body = StorageXhtmlConverter.Convert(xhtml.ToString());

        Assert.True(body.FlattenedNodes >= 1);
        var text = AllText(body);
        Assert.Contains("item 0", text);
        Assert.Contains($"item {depth - 1} ", text + " ");
        Assert.Contains("the bottom", text);
        Assert.Equal(("item 0", 1), (body.Blocks[0].Text, body.Blocks[0].Level));
    }

    [Fact]
    public void Truncated_storage_keeps_everything_before_the_cut()
    {
        var full = AtlassianFixtures.Text("confluence/storage/storage-tables.md2conf.xml");
        // Cut inside the attribute list of a tag, half way through the "Multi-line cells" table.
        var cut = full[..(full.IndexOf("A multi-line", StringComparison.Ordinal) + 6)] + "<td style=\"text-al";

        var body = StorageXhtmlConverter.Convert(cut);

        var tables = OfKind(body, BlockKind.Table);
        Assert.Equal(3, tables.Count);
        Assert.Equal(["1986", "MCMLXXXVI"], tables[0].Rows![^1]);
        Assert.Equal(["Data", "A mult"], tables[2].Rows![1]);
    }

    [Fact]
    public void Truncated_code_macro_keeps_the_code_read_so_far()
    {
        var body = StorageXhtmlConverter.Convert(
            "<p>Intro</p><ac:structured-macro ac:name=\"code\"><ac:plain-text-body><![CDATA[line 1\n  if (a < b) { x(); }\nline 3 cut he");

        Assert.Equal("Intro", body.Blocks[0].Text);
        Assert.Equal("line 1\n  if (a < b) { x(); }\nline 3 cut he", Single(body, BlockKind.Code, "line 1").Text);
    }

    [Theory]
    [InlineData("<p>unclosed <strong>bold <em>both", "unclosed bold both")]
    [InlineData("</div></p><p>stray end tags</li></table>", "stray end tags")]
    [InlineData("<p>see <ac:link><ri:page ri:content-title=\"only a title\" /></ac:li", "see only a title")]
    [InlineData("<table><tr><td>cell<table><td>inner</td></tr>", "inner")]
    [InlineData("<![CDATA[ bare character data ]]> &bogus; &amp &#xZZ; <<p>>", "bare character data")]
    public void Broken_storage_markup_never_throws_and_keeps_its_words(string xhtml, string words)
    {
        var body = StorageXhtmlConverter.Convert(xhtml);

        Assert.Contains(words, AllText(body));
    }
}
