using System.Text;
using Pipeline.Connectors.Atlassian;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Core.Access;
using Pipeline.Core.Documents;
using Pipeline.Core.Sources;

namespace Pipeline.Connectors.Tests.Jira;

public sealed class JiraLoadTests
{
    [Fact]
    public async Task Loading_an_issue_pages_its_comments_beyond_one_page_and_keeps_the_fixture_headings_table_and_code()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(1);
        jira.AddComments("FIX-1", 25);
        jira.CommentPageLimit = 10;
        var source = TestSources.Jira(jira);

        var result = await source.LoadAsync(new DocumentReference("FIX-1", "v", null), CancellationToken.None);

        var document = Assert.IsType<SourceDocument>(result.Document);
        Assert.Equal("FIX-1: Fixture issue 1", document.Title);
        Assert.Equal(["startAt=0", "startAt=10", "startAt=20"], jira.Requests
            .Where(r => r.Path.EndsWith("/comment", StringComparison.Ordinal))
            .Select(r => r.Query.TrimStart('?').Split('&')[0]));
        var blocks = document.Blocks;
        Assert.Equal(Block.Paragraph("FIX-1: Fixture issue 1", 0), blocks[0]);
        Assert.Contains(blocks, b => b is { Kind: BlockKind.Heading, Text: "H1", Level: 1 });
        Assert.Contains(blocks, b => b is { Kind: BlockKind.Heading, Text: "H2", Level: 2 });
        var table = blocks.First(b => b.Kind == BlockKind.Table);
        Assert.Equal(["Table Header 1", "Table Header 2", "Table Header 3"], table.Rows![0]);
        Assert.Equal(["Table row 1 column 1", "Table row 1 column 2", "Table row 1 column 3"], table.Rows[1]);
        Assert.Contains("package main", blocks.Single(b => b.Kind == BlockKind.Code).Text);

        var comments = blocks.SkipWhile(b => b is not { Kind: BlockKind.Heading, Text: "Comments" }).ToList();
        Assert.Equal(1, comments[0].Level);
        var commentHeadings = comments.Where(b => b is { Kind: BlockKind.Heading, Level: 2 }).ToList();
        Assert.Equal(25, commentHeadings.Count);
        // The two real comments first, then the added ones (08:02 -07:00 for the third).
        Assert.Equal("integration test — 2024-03-01 15:02 UTC", commentHeadings[2].Text);
        Assert.Equal("Comment number 25", comments[^1].Text);

        Assert.Equal("FIX-1", document.Metadata["key"]);
        Assert.Equal("FIX", document.Metadata["project"]);
        Assert.Equal("Bug", document.Metadata["type"]);
        Assert.Equal("In Progress", document.Metadata["status"]);
        Assert.Equal("High", document.Metadata["priority"]);
        Assert.Equal("fixture, adf", document.Metadata["labels"]);
        Assert.Equal("Ingestion", document.Metadata["components"]);
        Assert.Equal("25", document.Metadata["comments"]);
        Assert.Equal(new Uri(jira.BaseUrl, "browse/FIX-1").ToString(), document.Metadata["url"]);
        Assert.True(int.TryParse(document.Metadata["adf_unknown_nodes"], out _));
        Assert.Equal("2024-01-02T09:00:00.000-0800", document.Metadata["updated"]);
    }

    [Fact]
    public async Task Comments_that_all_fit_in_the_issue_are_not_fetched_again_and_keep_their_real_authors_and_dates()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(1);
        var source = TestSources.Jira(jira);

        var document = (await source.LoadAsync(new DocumentReference("FIX-1", "v", null), CancellationToken.None)).Document!;

        // One read of the issue; the rest is its access (the project's permission scheme and its grants).
        Assert.Single(jira.Requests, r => r.Path.StartsWith("/rest/api/3/issue/", StringComparison.Ordinal));
        Assert.Equal(["/rest/api/3/permissionscheme/0/permission", "/rest/api/3/project/FIX/permissionscheme"],
            jira.Requests.Where(r => !r.Path.StartsWith("/rest/api/3/issue/", StringComparison.Ordinal)).Select(r => r.Path).Order(StringComparer.Ordinal));
        // The default scheme grants Browse to anyone.
        Assert.Equal(DocumentAccess.AnyOf([Principal.Public]), document.Access);
        var headings = document.Blocks.SkipWhile(b => b.Text != "Comments")
            .Where(b => b is { Kind: BlockKind.Heading, Level: 2 }).Select(b => b.Text).ToList();
        // The fixture's -0700 offsets, in UTC.
        Assert.Equal(["integration test — 2022-05-17 11:06 UTC", "integration test — 2021-04-14 21:32 UTC"], headings);
        Assert.Equal("Closed", document.Blocks[document.Blocks.ToList().FindIndex(b => b.Text == headings[0]) + 1].Text);
    }

    [Fact]
    public async Task A_data_center_issue_is_read_through_rest_v2_with_its_wiki_markup_description_and_comments()
    {
        await using var jira = await FakeJira.StartAsync();
        var issue = jira.SeedDataCenterFixture();
        var source = TestSources.Jira(jira, o => o with { Deployment = AtlassianDeployment.DataCenter, Projects = ["INDEV"] });

        var document = (await source.LoadAsync(new DocumentReference(issue.Key, "v", null), CancellationToken.None)).Document!;

        Assert.All(jira.Requests, r => Assert.StartsWith("/rest/api/2/", r.Path));
        Assert.Equal("INDEV-6: Prueba de creación de tareas en un proyecto público", document.Title);
        Assert.Contains(document.Blocks, b => b.Text.Contains("Proyecto público - puede asignar", StringComparison.Ordinal));
        Assert.Equal(3, document.Blocks.SkipWhile(b => b.Text != "Comments").Count(b => b is { Kind: BlockKind.Heading, Level: 2 }));
        Assert.Equal("Highest", document.Metadata["priority"]);
    }

    [Fact]
    public async Task Finding_an_issue_answers_its_reference_and_null_once_it_is_deleted_or_moved_to_another_key()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(3);
        var source = TestSources.Jira(jira, o => o with { Projects = ["FIX", "OPS"] });

        var present = await source.FindAsync("FIX-1", CancellationToken.None);
        jira.Delete("FIX-2");
        var deleted = await source.FindAsync("FIX-2", CancellationToken.None);
        jira.Move("FIX-3", "OPS-7");
        var moved = await source.FindAsync("FIX-3", CancellationToken.None);
        var byNewKey = await source.FindAsync("OPS-7", CancellationToken.None);
        var nonsense = await source.FindAsync("../../etc/passwd", CancellationToken.None);

        Assert.Equal(("FIX-1", "2024-01-02T09:00:00.000-0800"), (present!.ExternalId, present.Version));
        Assert.Null(deleted);
        Assert.Null(moved);
        Assert.Equal("OPS-7", byNewKey!.ExternalId);
        Assert.Null(nonsense);
        Assert.Contains(jira.Requests, r => r.Path == "/rest/api/3/issue/FIX-2" && r.Query == "?fields=updated");
        // A found issue costs a scope check (a search) on top of the lookup; a 404 costs a look at whether the account
        // still may browse the project (a deletion, not lost access).
        Assert.Equal(7, jira.Requests.Count);
        Assert.Single(jira.Requests, r => r.Path == "/rest/api/3/mypermissions" && r.Query == "?projectKey=FIX&permissions=BROWSE_PROJECTS");
    }

    [Theory]
    [InlineData(AtlassianDeployment.Cloud)]
    [InlineData(AtlassianDeployment.DataCenter)]
    public async Task Finding_an_issue_outside_the_jobs_scope_answers_null_though_the_site_has_it(AtlassianDeployment deployment)
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        var hr = jira.SeedFromFixtures(1, project: "HR")[0];
        var source = TestSources.Jira(jira, o => o with { Deployment = deployment });

        var inScope = await source.FindAsync("FIX-1", CancellationToken.None);
        var otherProject = await source.FindAsync("HR-1", CancellationToken.None);
        var otherProjectById = await source.FindAsync(hr.Id, CancellationToken.None);
        jira.Move("FIX-2", "HR-2");
        var movedOut = await source.FindAsync("HR-2", CancellationToken.None);

        Assert.Equal("FIX-1", inScope!.ExternalId);
        Assert.Null(otherProject);
        Assert.Null(otherProjectById);
        Assert.Null(movedOut);
        Assert.Contains(jira.ReceivedJql, q => q.StartsWith("(project in (\"FIX\")) AND id = ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_malformed_issue_fails_on_its_own_and_invalid_utf8_in_another_is_read_with_a_replacement_character()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        var source = TestSources.Jira(jira);
        jira.FailNext(1, new InjectedFault(200, "application/json", """{"id":"10001","key":"FIX-1","fields":{"summary":"cut off"""));
        var malformed = await source.LoadAsync(new DocumentReference("FIX-1", "v", null), CancellationToken.None);
        var body = Encoding.UTF8.GetBytes("""{"id":"10002","key":"FIX-2","fields":{"summary":"caf?","comment":{"comments":[],"total":0}}}""");
        body[Array.IndexOf(body, (byte)'?')] = 0xE9; // Latin-1 'é': not UTF-8
        jira.FailNext(1, InjectedFault.Raw(body));
        var latin1 = await source.LoadAsync(new DocumentReference("FIX-2", "v", null), CancellationToken.None);

        Assert.Equal("malformed", malformed.FailureReason);
        Assert.Contains("malformed JSON", malformed.FailureMessage);
        Assert.Equal("FIX-2: caf\uFFFD", latin1.Document!.Title);
    }
}
