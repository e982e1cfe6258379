using System.Text;
using Pipeline.Connectors.Atlassian;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Core.Documents;
using Pipeline.Core.Sources;

namespace Pipeline.Connectors.Tests.Confluence;

public sealed class ConfluenceSourceTests
{
    [Fact]
    public async Task A_listing_follows_links_next_across_pages_and_versions_pages_by_their_version_number()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        confluence.SeedFromFixtures();
        var source = TestSources.Confluence(confluence);

        var before = await source.ListAsync(CancellationToken.None).ToListAsync();
        var edited = before[2].ExternalId;
        confluence.Edit(edited);
        var after = await source.ListAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(5, before.Count);
        Assert.All(before, r => Assert.Equal("1", r.Version));
        Assert.Equal(new DateTimeOffset(2024, 2, 1, 12, 0, 0, TimeSpan.Zero), before[0].UpdatedAt);
        Assert.Equal("2", after.Single(r => r.ExternalId == edited).Version);
        var listings = confluence.Requests.Where(r => r.Path == "/wiki/api/v2/spaces/65537/pages").ToList();
        Assert.Equal(6, listings.Count);
        Assert.Contains("cursor=", listings[1].Query);
        Assert.Contains("status=current", listings[0].Query);
        // Spaces are resolved once per source.
        Assert.Single(confluence.Requests, r => r.Path == "/wiki/api/v2/spaces");
    }

    [Fact]
    public async Task A_listing_follows_the_link_header_when_the_body_has_no_next_link()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        confluence.SeedFromFixtures();
        confluence.NextLinkOnlyInHeader = true;
        var source = TestSources.Confluence(confluence);

        var references = await source.ListAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(5, references.Count);
    }

    [Fact]
    public async Task Finding_a_page_answers_null_once_it_is_trashed_purged_or_in_another_space()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        var guide = confluence.SeedFromFixtures();
        confluence.AddSpace("HR", "98304");
        var elsewhere = confluence.AddPage("HR", "Holidays", "<p>Days off</p>");
        var trashed = confluence.AddPage("ENG", "Old notes", "<p>old</p>");
        var purged = confluence.AddPage("ENG", "Scratch", "<p>tmp</p>");
        confluence.Trash(trashed.Id);
        confluence.Purge(purged.Id);
        var source = TestSources.Confluence(confluence);

        Assert.Equal(guide.Id, (await source.FindAsync(guide.Id, CancellationToken.None))!.ExternalId);
        Assert.Null(await source.FindAsync(trashed.Id, CancellationToken.None));
        Assert.Null(await source.FindAsync(purged.Id, CancellationToken.None));
        Assert.Null(await source.FindAsync(elsewhere.Id, CancellationToken.None));
        Assert.Null(await source.FindAsync("../spaces", CancellationToken.None));
    }

    [Fact]
    public async Task Loading_a_page_heads_it_with_its_ancestors_and_converts_the_storage_body()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        var guide = confluence.SeedFromFixtures();
        var tables = confluence.Pages.Single(p => p.Title == "Tables");
        var source = TestSources.Confluence(confluence);

        var document = (await source.LoadAsync(new DocumentReference(guide.Id, "1", null), CancellationToken.None)).Document!;
        var tablePage = (await source.LoadAsync(new DocumentReference(tables.Id, "1", null), CancellationToken.None)).Document!;

        Assert.Equal("Deploy guide", document.Title);
        Assert.Equal(
            [Block.Heading("Engineering", 1, 0), Block.Heading("Runbooks", 2, 0), Block.Heading("Deploy guide", 3, 0)],
            document.Blocks.Take(3));
        // The body's <h2> sits below the page title.
        Assert.Contains(document.Blocks, b => b is { Kind: BlockKind.Heading, Text: "Basic features", Level: 5 });
        Assert.True(document.Blocks.Skip(3).Where(b => b.Kind == BlockKind.Heading).All(b => b.Level > 3));
        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.ListItem);
        Assert.Equal("kubectl rollout restart deploy/api", document.Blocks.Single(b => b.Kind == BlockKind.Code).Text);
        Assert.Equal("Engineering / Runbooks", document.Metadata["ancestors"]);
        Assert.Equal("ENG", document.Metadata["space"]);
        Assert.Equal("1", document.Metadata["version"]);
        Assert.Equal(new Uri(confluence.BaseUrl, $"wiki/spaces/ENG/pages/{guide.Id}/Deploy%2Bguide").ToString(), document.Metadata["url"]);

        var table = tablePage.Blocks.First(b => b.Kind == BlockKind.Table);
        Assert.Equal(["Arabic", "Roman"], table.Rows![0]);
        Assert.Equal(["1986", "MCMLXXXVI"], table.Rows[^1]);
        // Both pages share their ancestors: their titles were asked for once.
        Assert.Single(confluence.Requests, r => r.Path == "/wiki/api/v2/pages");
    }

    [Fact]
    public async Task A_ten_megabyte_page_loads_within_the_response_limit()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        confluence.SeedFromFixtures();
        var big = confluence.AddPage("ENG", "Big page", LargeStorage(10 * 1024 * 1024));
        var source = TestSources.Confluence(confluence);

        var result = await source.LoadAsync(new DocumentReference(big.Id, "1", null), CancellationToken.None);

        Assert.Null(result.FailureReason);
        Assert.True(result.Document!.Blocks.Count > 500);
    }

    [Fact]
    public async Task A_page_over_the_response_limit_fails_alone_as_too_large()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        confluence.SeedFromFixtures();
        var big = confluence.AddPage("ENG", "Big page", LargeStorage(100 * 1024));
        var source = TestSources.Confluence(confluence, o => o with { MaxResponseBytes = 64 * 1024 });

        var result = await source.LoadAsync(new DocumentReference(big.Id, "1", null), CancellationToken.None);

        Assert.Equal("too-large", result.FailureReason);
        Assert.Single(confluence.Requests, r => r.Path == $"/wiki/api/v2/pages/{big.Id}");
    }

    [Fact]
    public async Task A_page_the_site_keeps_failing_to_serve_fails_alone_as_unavailable_instead_of_failing_the_run()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        var guide = confluence.SeedFromFixtures();
        var source = TestSources.Confluence(confluence, o => o with { Retries = 1 });
        confluence.FailWhere(r => r.Path == $"/wiki/api/v2/pages/{guide.Id}", InjectedFault.ServerError(500));

        var result = await source.LoadAsync(new DocumentReference(guide.Id, "1", null), CancellationToken.None);

        Assert.Equal("unavailable", result.FailureReason);
        Assert.Contains("500", result.FailureMessage);
        Assert.Equal(2, confluence.Requests.Count(r => r.Path == $"/wiki/api/v2/pages/{guide.Id}"));
    }

    // Paragraphs of ~10 KB: the size is what matters here, not the number of blocks.
    private static string LargeStorage(int bytes)
    {
        var sentence = string.Concat(Enumerable.Repeat("Release notes with enough words to be a realistic block of text. ", 150));
        var storage = new StringBuilder("<h1>Big</h1>");
        while (storage.Length < bytes)
        {
            storage.Append("<p>").Append(sentence).Append("</p>\n");
        }
        return storage.ToString();
    }

    [Fact]
    public async Task A_space_the_credentials_cannot_see_fails_the_listing_instead_of_looking_empty()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        confluence.SeedFromFixtures();
        var source = TestSources.Confluence(confluence, o => o with { SpaceKeys = ["ENG", "SECRET"] });

        var error = await Assert.ThrowsAsync<SourceResponseException>(() => source.ListAsync(CancellationToken.None).ToListAsync());

        Assert.Equal("no-space", error.Reason);
        Assert.Contains("SECRET", error.Message);
    }
}
