using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Extraction.Atlassian;
using static Pipeline.Extraction.Tests.Atlassian.BlockAssertions;

namespace Pipeline.Extraction.Tests.Atlassian;

public sealed class AdfConverterTests
{
    private const string JiraAdf = "jira/adf/adf-doc-headings-lists-table-code-mention.jira-cli.json";
    private const string ConfluenceAdf = "confluence/adf/page-body-atlas_doc_format.all-node-types.atlas_doc_parser.json";
    private const string JiraComments = "jira/rest/issue-comments.v3-adf.airbyte.json";

    [Fact]
    public void Jira_description_keeps_headings_with_their_levels()
    {
        var body = ConvertFixture(JiraAdf);

        var headings = OfKind(body, BlockKind.Heading);
        Assert.Equal(["H1", "H2"], headings.Select(h => h.Text));
        Assert.Equal([1, 2], headings.Select(h => h.Level));
    }

    [Fact]
    public void Jira_description_lists_become_items_with_their_nesting_depth()
    {
        var body = ConvertFixture(JiraAdf);

        var items = OfKind(body, BlockKind.ListItem).Select(i => (i.Text, i.Level)).ToList();
        Assert.Equal(
            [("Prefix: Unordered list item 1", 1), ("Next", 2), ("Another", 3), ("New level", 4), ("Unordered list item 2", 1)],
            items.Take(5));
        Assert.Contains(("1. Ordered list item 1", 1), items);
        Assert.Contains(("3. Ordered list item 3", 1), items);
        Assert.Contains(("1. fourth level", 5), items);
    }

    [Fact]
    public void Jira_description_table_is_one_block_with_whole_rows_header_first()
    {
        var body = ConvertFixture(JiraAdf);

        var table = OfKind(body, BlockKind.Table)[0];
        Assert.NotNull(table.Rows);
        Assert.Equal(["Table Header 1", "Table Header 2", "Table Header 3"], table.Rows[0]);
        Assert.Equal(["Table row 2 column 1", "Table row 2 column 2", "Table row 2 column 3"], table.Rows[2]);
        Assert.Equal(3, table.Rows.Count);
        Assert.StartsWith("Table Header 1 | Table Header 2 | Table Header 3\nTable row 1 column 1 |", table.Text);
        Assert.Equal([5, 5, 5, 5], OfKind(body, BlockKind.Table)[1].Rows!.Select(r => r.Count));
    }

    [Fact]
    public void Jira_description_code_block_keeps_its_newlines_and_tabs()
    {
        var body = ConvertFixture(JiraAdf);

        var code = Assert.Single(OfKind(body, BlockKind.Code));
        Assert.Equal("package main\n\nimport (\n\t\"fmt\"\n)\n\nfunc main() {\n\tfmt.Println(\"Hello, World!\")\n}\n", code.Text);
    }

    [Fact]
    public void Mentions_read_as_the_person_not_the_account_id()
    {
        var jira = ConvertFixture(JiraAdf);
        var confluence = ConvertFixture(ConfluenceAdf);

        Assert.Contains(jira.Blocks, b => b.Text == "Person A");
        Assert.DoesNotContain("5fb82376aca10c006949f35b", AllText(jira));
        Single(confluence, BlockKind.Paragraph, "This line at machu for something.");
    }

    [Fact]
    public void Panels_prefix_their_paragraphs_and_quotes_are_marked()
    {
        var body = ConvertFixture(JiraAdf);

        Single(body, BlockKind.Paragraph, "Info: Panel paragraph");
        Single(body, BlockKind.Paragraph, "Warning: Strong Paragraph 1");
        Single(body, BlockKind.Paragraph, "Warning: Paragraph 2");
        Single(body, BlockKind.Paragraph, "> Blockquote text");
    }

    [Fact]
    public void Hard_breaks_stay_line_breaks_and_inline_cards_keep_their_url()
    {
        var body = ConvertFixture(JiraAdf);

        Single(body, BlockKind.Paragraph, "1. Some text\n2. Some more text");
        Single(body, BlockKind.Paragraph, "Inline Node https://antiklabs.atlassian.net/wiki/spaces/ANK/pages/124234/hello-world");
    }

    [Theory]
    [InlineData(JiraAdf)]
    [InlineData(ConfluenceAdf)]
    public void Every_text_node_of_a_real_document_survives(string fixture)
    {
        using var document = AtlassianFixtures.Json(fixture);

        var body = AdfConverter.Convert(document.RootElement);

        AssertEveryTextSurvives(AdfTextNodes(document.RootElement), body);
        Assert.Equal(0, body.MalformedNodes);
    }

    [Fact]
    public void Confluence_document_with_every_node_type_converts_without_unknown_types()
    {
        var body = ConvertFixture(ConfluenceAdf);

        Assert.Empty(body.UnknownNodes);
        Assert.Equal(4, body.IgnoredNodes["media"]);
        Assert.Equal(1, body.IgnoredNodes["extension:toc"]);
        // Distinctive pieces of each node type, as a reader would want them.
        Single(body, BlockKind.Heading, "Text and Paragraph 28d8c0");
        Single(body, BlockKind.Paragraph, "This line has emoji \U0001F4DD .");
        Single(body, BlockKind.Paragraph, "2025-01-01");
        Single(body, BlockKind.Paragraph, "In Progress");
        Single(body, BlockKind.Paragraph, "This is an expand title");
        Single(body, BlockKind.Paragraph, "Error: Error here");
        Single(body, BlockKind.Paragraph, "> Just do it!");
        Single(body, BlockKind.Code, "def add_two(a, b):\n    return a + b");
        Single(body, BlockKind.ListItem, "Decision: Decision title\n\ndecision body here");
        Assert.Equal(("11. this is Alice, Bob, Cathy, David, Edward, Frank, George.", 1), ItemAt(body, "11. "));
    }

    [Fact]
    public void Task_lists_become_checked_and_unchecked_items_nested_by_depth()
    {
        var body = ConvertFixture(ConfluenceAdf);

        var tasks = OfKind(body, BlockKind.ListItem).Where(i => i.Text.StartsWith('[')).Take(8).Select(i => (i.Text, i.Level));
        Assert.Equal(
            [("[x] Do this", 1), ("[ ] And do this", 1), ("[ ] sub task 1", 2), ("[x] sub task 1.1", 3),
             ("[ ] sub task 1.2", 3), ("[ ] sub task 2", 2), ("[ ] sub task 2.1", 3), ("[x] sub task 2.2", 3)],
            tasks);
    }

    [Fact]
    public void Table_cells_holding_paragraphs_and_lists_become_one_line_each()
    {
        var body = ConvertFixture(ConfluenceAdf);

        var table = Single(body, BlockKind.Table, "Col 1");
        Assert.Equal(4, table.Rows!.Count);
        Assert.Equal("key 2 special character | is not markdown friendly", table.Rows[2][0]);
        Assert.Equal("value 2 Alice Bob Cathy Cathy 1 Cathy 1.1 Cathy 1.2 Cathy 2 Cathy 2.1 Cathy 2.2", table.Rows[2][1]);
    }

    [Fact]
    public void Every_jira_comment_body_converts()
    {
        using var document = AtlassianFixtures.Json(JiraComments);
        var comments = document.RootElement.GetProperty("comments").EnumerateArray().ToList();

        Assert.NotEmpty(comments);
        foreach (var comment in comments)
        {
            var bodyJson = comment.GetProperty("body");
            var body = AdfConverter.Convert(bodyJson);

            Assert.NotEmpty(body.Blocks);
            AssertEveryTextSurvives(AdfTextNodes(bodyJson), body);
            Assert.Empty(body.UnknownNodes);
        }
    }

    [Fact]
    public void Document_serialized_as_a_json_string_is_read_like_the_document()
    {
        // Confluence returns atlas_doc_format's value as a string holding the JSON.
        var json = AtlassianFixtures.Text(JiraAdf);
        using var wrapped = JsonDocument.Parse(JsonSerializer.Serialize(new { value = json }));

        var fromString = AdfConverter.Convert(wrapped.RootElement.GetProperty("value"));

        Assert.Equal(ConvertFixture(JiraAdf).Blocks.Select(b => (b.Kind, b.Level, b.Text)), fromString.Blocks.Select(b => (b.Kind, b.Level, b.Text)));
    }

    [Fact]
    public void Missing_body_gives_no_blocks()
    {
        using var document = JsonDocument.Parse("""{"description": null}""");

        Assert.Empty(AdfConverter.Convert(document.RootElement.GetProperty("description")).Blocks);
        Assert.Empty(AdfConverter.Convert(default(JsonElement)).Blocks);
        Assert.Empty(AdfConverter.Convert("  ").Blocks);
    }

    private static ConvertedBody ConvertFixture(string fixture)
    {
        using var document = AtlassianFixtures.Json(fixture);
        return AdfConverter.Convert(document.RootElement);
    }

    private static (string Text, int Level) ItemAt(ConvertedBody body, string prefix) =>
        OfKind(body, BlockKind.ListItem).Where(i => i.Text.StartsWith(prefix, StringComparison.Ordinal)).Select(i => (i.Text, i.Level)).First();
}
