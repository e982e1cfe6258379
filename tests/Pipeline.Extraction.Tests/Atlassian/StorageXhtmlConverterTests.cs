using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Extraction.Atlassian;
using static Pipeline.Extraction.Tests.Atlassian.BlockAssertions;

namespace Pipeline.Extraction.Tests.Atlassian;

public sealed class StorageXhtmlConverterTests
{
    private const string BasicStorage = "confluence/storage/storage-basic-headings-lists-macros.md2conf.xml";
    private const string TablesStorage = "confluence/storage/storage-tables.md2conf.xml";
    private const string LayoutStorage = "confluence/storage/page-98487-layout-macros-placeholders.airbyte.storage.xml";

    // Storage format as Confluence writes it for the constructs the fixtures lack: a code macro whose CDATA
    // holds '<', '>' and a split "]]>", links to pages, tasks, status, emoticons, expand and warning macros.
    private const string MacroStorage = """
        <h1>Runbook</h1>
        <p>Restart with <ac:link><ri:page ri:content-title="Service Restart Guide" /></ac:link> or read <ac:link><ri:page ri:content-title="FAQ page" /><ac:plain-text-link-body><![CDATA[the FAQ]]></ac:plain-text-link-body></ac:link> first.</p>
        <ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="a1"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[if [ "$count" -gt 1 ]; then
          echo "<done>" && exit 0   # a > b
        fi
        x="]]]]><![CDATA[>"]]></ac:plain-text-body></ac:structured-macro>
        <ac:structured-macro ac:name="noformat"><ac:plain-text-body><![CDATA[raw   text
          indented]]></ac:plain-text-body></ac:structured-macro>
        <ac:structured-macro ac:name="warning"><ac:parameter ac:name="title">Data loss</ac:parameter><ac:rich-text-body><p>Back up the database first.</p><p>Then stop the service.</p></ac:rich-text-body></ac:structured-macro>
        <ac:structured-macro ac:name="tip"><ac:rich-text-body><p>Use the staging cluster.</p></ac:rich-text-body></ac:structured-macro>
        <ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">Details for operators</ac:parameter><ac:rich-text-body><p>Hidden but searchable text.</p></ac:rich-text-body></ac:structured-macro>
        <ac:task-list>
        <ac:task><ac:task-id>1</ac:task-id><ac:task-uuid>u-1</ac:task-uuid><ac:task-status>complete</ac:task-status><ac:task-body>Write the docs</ac:task-body></ac:task>
        <ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body><span>Ship it</span></ac:task-body></ac:task>
        </ac:task-list>
        <p>State: <ac:structured-macro ac:name="status"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">DONE</ac:parameter></ac:structured-macro> <ac:emoticon ac:name="smile" ac:emoji-shortname=":slight_smile:" ac:emoji-fallback="🙂" /> all good</p>
        <ac:structured-macro ac:name="toc"><ac:parameter ac:name="maxLevel">2</ac:parameter></ac:structured-macro>
        <p>line one<br />line two</p>
        <ac:structured-macro ac:name="mystery-macro"><ac:rich-text-body><p>Kept from an unknown macro.</p></ac:rich-text-body></ac:structured-macro>
        """;

    [Fact]
    public void Headings_keep_their_levels()
    {
        var body = Convert(BasicStorage);

        var heading = Assert.Single(OfKind(body, BlockKind.Heading));
        Assert.Equal(("Basic features", 2), (heading.Text, heading.Level));
        Assert.Equal(("Runbook", 1), OfKind(StorageXhtmlConverter.Convert(MacroStorage), BlockKind.Heading).Select(h => (h.Text, h.Level)).Single());
    }

    [Fact]
    public void Lists_become_items_with_nesting_depth_and_ordered_numbers()
    {
        var body = Convert(BasicStorage);

        var items = OfKind(body, BlockKind.ListItem).Select(i => (i.Text, i.Level)).ToList();
        Assert.Equal(
            [("1. List item 1", 1), ("2. List item 2 spanning multiple text file lines but rendered as a single line", 1)],
            items.Take(2));
        var nested = items.Skip(items.LastIndexOf(("List item 1", 1))).ToList();
        Assert.Equal(
            [("List item 1", 1), ("Nested item 1", 2), ("1. Item 1", 3), ("2. Item 2", 3), ("3. Item 3", 3),
             ("Nested item 2", 2), ("Item 4", 3), ("Item 5", 3), ("Item 6", 3),
             ("List item 2", 1), ("1. Nested item 3", 2), ("2. Nested item 4", 2)],
            nested);
    }

    [Fact]
    public void Info_macro_paragraphs_are_prefixed_and_quotes_marked()
    {
        var body = Convert(BasicStorage);

        Assert.Equal("Info: This page has been generated with a tool.", body.Blocks[0].Text);
        Single(body, BlockKind.Paragraph, "> Lorem ipsum dolor sit amet");
        Single(body, BlockKind.Paragraph, "Some HTML entities are supported, e.g. © or ¶.");
    }

    [Fact]
    public void Tables_keep_whole_rows_header_first()
    {
        var tables = OfKind(Convert(TablesStorage), BlockKind.Table);

        Assert.Equal(7, tables.Count);
        Assert.Equal(["Arabic", "Roman"], tables[0].Rows![0]);
        Assert.Equal(["1986", "MCMLXXXVI"], tables[0].Rows![^1]);
        Assert.Equal(9, tables[0].Rows!.Count);
        Assert.Equal(["Left", "Center", "Right"], tables[1].Rows![0]);
        Assert.Equal(["Bal", "Közép", "Jobb"], tables[1].Rows![1]);
        // A <br/> inside a cell does not split the row.
        Assert.Equal(["Data", "A multi-line paragraph."], tables[2].Rows![1]);
        Assert.Equal(["2", "two", "kettő"], tables[4].Rows![2]);
        // An image-only cell stays an (empty) cell so the columns still line up.
        Assert.Equal(["Image", ""], tables[5].Rows![0]);
        Assert.StartsWith("Arabic | Roman\n1 | I\n5 | V\n", tables[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_content_is_kept_in_order_and_placeholders_dropped()
    {
        var body = Convert(LayoutStorage);

        Assert.Equal(
            ["Say hello to your colleagues", "\U0001F4C4 Recent pages that I've worked on", "\U0001F590 Get in touch", "✉️", "\U0001F4BC", "\U0001F517", "\U0001F464", "End with a bang!"],
            body.Blocks.Select(b => b.Text.Length > 28 && b.Kind == BlockKind.Paragraph ? b.Text[..(b.Text.StartsWith("Say") ? 28 : 16)] : b.Text));
        Assert.DoesNotContain("Insert your", AllText(body));
        Assert.Equal(4, body.IgnoredNodes["ac:placeholder"]);
        Assert.Equal(1, body.IgnoredNodes["macro:recently-updated"]);
        Assert.Equal(1, body.IgnoredNodes["macro:blog-posts"]);
        // Macro parameters (max=5, content=titles) are settings, not text.
        Assert.DoesNotContain("titles", AllText(body));
        Single(body, BlockKind.Paragraph, "\"I am so grateful to be here at <Insert company name> and very excited");
    }

    [Fact]
    public void Code_macro_body_is_kept_verbatim_with_markup_characters_and_newlines()
    {
        var body = StorageXhtmlConverter.Convert(MacroStorage);

        var code = OfKind(body, BlockKind.Code);
        Assert.Equal(2, code.Count);
        Assert.Equal(
            "if [ \"$count\" -gt 1 ]; then\n  echo \"<done>\" && exit 0   # a > b\nfi\nx=\"]]>\"",
            code[0].Text);
        Assert.Equal("raw   text\n  indented", code[1].Text);
        Assert.DoesNotContain("bash", AllText(body));
    }

    [Fact]
    public void Callout_macros_prefix_their_paragraphs_and_expand_keeps_title_and_body()
    {
        var body = StorageXhtmlConverter.Convert(MacroStorage);

        var texts = body.Blocks.Select(b => b.Text).ToList();
        Assert.Contains("Warning: Data loss", texts);
        Assert.Contains("Warning: Back up the database first.", texts);
        Assert.Contains("Warning: Then stop the service.", texts);
        Assert.Contains("Tip: Use the staging cluster.", texts);
        Assert.Equal(texts.IndexOf("Details for operators") + 1, texts.IndexOf("Hidden but searchable text."));
    }

    [Fact]
    public void Links_tasks_status_and_emoticons_read_as_text()
    {
        var body = StorageXhtmlConverter.Convert(MacroStorage);

        Single(body, BlockKind.Paragraph, "Restart with Service Restart Guide or read the FAQ first.");
        Assert.Equal(
            [("[x] Write the docs", 1), ("[ ] Ship it", 1)],
            OfKind(body, BlockKind.ListItem).Select(i => (i.Text, i.Level)));
        Single(body, BlockKind.Paragraph, "State: DONE 🙂 all good");
        Single(body, BlockKind.Paragraph, "line one\nline two");
        Assert.Equal(1, body.IgnoredNodes["macro:toc"]);
        Assert.Equal(1, body.UnknownNodes["macro:mystery-macro"]);
        Single(body, BlockKind.Paragraph, "Kept from an unknown macro.");
    }

    [Fact]
    public void V1_content_storage_body_converts_like_the_page_it_holds()
    {
        using var content = AtlassianFixtures.Json("confluence/rest/content-v1-page-expand-body.storage-version-history.airbyte.json");
        var storage = content.RootElement.GetProperty("body").GetProperty("storage");

        var body = StorageXhtmlConverter.Convert(storage.GetProperty("value").GetString());

        Assert.Equal("storage", storage.GetProperty("representation").GetString());
        Assert.Equal(Convert(LayoutStorage).Blocks.Select(b => b.Text), body.Blocks.Select(b => b.Text));
        Assert.Equal(8, body.Blocks.Count);
    }

    [Fact]
    public void V2_page_list_bodies_without_a_value_convert_to_nothing()
    {
        using var list = AtlassianFixtures.Json("confluence/rest/pages-v2-list.docs-example.json");

        foreach (var page in list.RootElement.GetProperty("results").EnumerateArray())
        {
            var storage = page.GetProperty("body").GetProperty("storage");
            var value = storage.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

            var body = StorageXhtmlConverter.Convert(value);

            Assert.Empty(body.Blocks);
            Assert.Equal(0, body.MalformedNodes);
        }
    }

    private static ConvertedBody Convert(string fixture) => StorageXhtmlConverter.Convert(AtlassianFixtures.Text(fixture));
}
