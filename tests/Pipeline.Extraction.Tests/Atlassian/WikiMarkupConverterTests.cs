using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Extraction.Atlassian;
using static Pipeline.Extraction.Tests.Atlassian.BlockAssertions;

namespace Pipeline.Extraction.Tests.Atlassian;

public sealed class WikiMarkupConverterTests
{
    private const string ServerIssue = "jira/rest/issue-get.v2-server.expand-renderedFields.wiki-markup.jira-to-matrix.json";

    // The constructs Jira's wiki renderer knows, as they appear in Server issues and Cloud webhook bodies.
    private const string Markup = """
        h1. Outage report
        h3. Timeline

        The API went down at 10:02. We rolled back
        and it recovered \- mostly.

        * first cause
        ** detail of the first cause
        * second cause
        # restart the [primary|https://db.example.com/primary] node
        # ask [~accountid:5b10a2844c20165700ede21g] and [~jsmith] to check
        #* unordered under ordered

        ||Service||Owner||Link||
        |api|team-a|[runbook|https://wiki.example.com/x?a=1|tip]|
        |db|team-b| |

        {code:java}
        public int answer() {
            return 42; // a < b > c
        }
        {code}
        {noformat}raw *not bold*{noformat}
        {quote}
        Quoted wisdom.
        {quote}
        bq. One-line quote.
        {warning:title=Careful}
        Do not *restart* twice.
        {warning}
        {panel:title=Summary|borderStyle=dashed}
        All _good_ now.
        {panel}
        ----
        See {{config.yaml}} and !screenshot.png|thumbnail! for {color:red}details{color}.
        """;

    [Fact]
    public void Server_issue_comments_lose_their_escapes()
    {
        using var issue = AtlassianFixtures.Json(ServerIssue);
        var fields = issue.RootElement.GetProperty("fields");

        var comments = fields.GetProperty("comment").GetProperty("comments").EnumerateArray()
            .Select(c => WikiMarkupConverter.Convert(c.GetProperty("body").GetString()))
            .ToList();

        Assert.Equal(
            ["Proyecto privado - no se puede asignar", "Proyecto público - puede asignar", "Proyecto limitada - no se puede asignar"],
            comments.Select(c => Assert.Single(c.Blocks).Text));
        Assert.Equal(
            "Prueba de creación de tareas en un proyecto público",
            Assert.Single(WikiMarkupConverter.Convert(fields.GetProperty("description").GetString()).Blocks).Text);
    }

    [Theory]
    [InlineData("jira/webhooks/jira-issue_created.server.jira-to-matrix.json", "issue.fields.description", "Info")]
    [InlineData("jira/webhooks/jira-issue_deleted.zulip.json", "issue.fields.description", "Fix me please")]
    [InlineData("jira/webhooks/jira-issue_deleted.zulip.json", "issue.fields.comment.comments.0.body", "Adding a comment. Oh, what a comment it is!")]
    [InlineData("jira/webhooks/comment_created.server.jira-to-matrix.json", "comment.body", "12345")]
    [InlineData("jira/webhooks/comment_deleted.cloud.jira-to-matrix.json", "comment.body", "12345")]
    [InlineData("jira/webhooks/jira-issue_updated.status-changed.server.jira-to-matrix.json", "issue.fields.description", "Prueba de creación de tareas en un proyecto público")]
    public void Webhook_bodies_convert_to_their_text(string fixture, string path, string expected)
    {
        using var webhook = AtlassianFixtures.Json(fixture);

        var body = WikiMarkupConverter.Convert(At(webhook.RootElement, path).GetString());

        Assert.Equal(expected, Assert.Single(body.Blocks).Text);
    }

    [Fact]
    public void Headings_paragraphs_and_escapes()
    {
        var body = WikiMarkupConverter.Convert(Markup);

        Assert.Equal([("Outage report", 1), ("Timeline", 3)], OfKind(body, BlockKind.Heading).Select(h => (h.Text, h.Level)));
        Single(body, BlockKind.Paragraph, "The API went down at 10:02. We rolled back\nand it recovered - mostly.");
    }

    [Fact]
    public void Lists_nest_by_marker_count_and_keep_link_text_and_mention_names()
    {
        var body = WikiMarkupConverter.Convert(Markup);

        Assert.Equal(
            [("first cause", 1), ("detail of the first cause", 2), ("second cause", 1),
             ("1. restart the primary node", 1), ("2. ask 5b10a2844c20165700ede21g and jsmith to check", 1),
             ("unordered under ordered", 2)],
            OfKind(body, BlockKind.ListItem).Select(i => (i.Text, i.Level)));
    }

    [Fact]
    public void Tables_split_cells_but_not_links_inside_them()
    {
        var body = WikiMarkupConverter.Convert(Markup);

        var table = Assert.Single(OfKind(body, BlockKind.Table));
        Assert.Equal(["Service", "Owner", "Link"], table.Rows![0]);
        Assert.Equal(["api", "team-a", "runbook"], table.Rows[1]);
        Assert.Equal(["db", "team-b", ""], table.Rows[2]);
    }

    [Fact]
    public void Code_and_noformat_blocks_are_kept_verbatim()
    {
        var body = WikiMarkupConverter.Convert(Markup);

        Assert.Equal(
            ["public int answer() {\n    return 42; // a < b > c\n}", "raw *not bold*"],
            OfKind(body, BlockKind.Code).Select(c => c.Text));
    }

    [Fact]
    public void Quotes_and_panels_prefix_their_paragraphs()
    {
        var texts = WikiMarkupConverter.Convert(Markup).Blocks.Select(b => b.Text).ToList();

        Assert.Contains("> Quoted wisdom.", texts);
        Assert.Contains("> One-line quote.", texts);
        Assert.Contains("Warning: Careful", texts);
        Assert.Contains("Warning: Do not restart twice.", texts);
        Assert.Contains("Summary", texts);
        Assert.Contains("All good now.", texts);
        Assert.Equal("See config.yaml and for details.", texts[^1]);
    }

    [Fact]
    public void Unclosed_code_block_keeps_the_rest_as_code_and_is_counted()
    {
        var body = WikiMarkupConverter.Convert("Before\n{code}\nline 1\n  line 2");

        Assert.Equal(["Before", "line 1\n  line 2"], body.Blocks.Select(b => b.Text));
        Assert.Equal(BlockKind.Code, body.Blocks[1].Kind);
        Assert.Equal(1, body.MalformedNodes);
    }

    // "a.b.0.c": properties and array indexes.
    private static JsonElement At(JsonElement element, string path) =>
        path.Split('.').Aggregate(element, (current, step) =>
            int.TryParse(step, out var index) ? current[index] : current.GetProperty(step));
}
