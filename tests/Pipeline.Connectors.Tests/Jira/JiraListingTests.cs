using System.Text;
using System.Text.Json;
using Pipeline.Connectors.Atlassian;
using Pipeline.Connectors.Tests.FakeAtlassian;

namespace Pipeline.Connectors.Tests.Jira;

public sealed class JiraListingTests
{
    [Fact]
    public async Task A_full_listing_pages_through_next_page_tokens_and_yields_keys_with_their_updated_versions()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(5);
        var source = TestSources.Jira(jira);

        var references = await source.ListAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(["FIX-1", "FIX-2", "FIX-3", "FIX-4", "FIX-5"], references.Select(r => r.ExternalId));
        Assert.Equal("2024-01-02T09:00:00.000-0800", references[0].Version);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 17, 0, 0, TimeSpan.Zero), references[0].UpdatedAt);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 21, 0, 0, TimeSpan.Zero), references[4].UpdatedAt);
        var searches = jira.Requests.Where(r => r.Path == "/rest/api/3/search/jql").ToList();
        Assert.Equal(3, searches.Count);
        var bodies = searches.Select(s => JsonDocument.Parse(s.Body).RootElement).ToList();
        Assert.All(bodies, b => Assert.Equal(["updated"], b.GetProperty("fields").EnumerateArray().Select(f => f.GetString())));
        Assert.All(bodies, b => Assert.Equal(2, b.GetProperty("maxResults").GetInt32()));
        Assert.False(bodies[0].TryGetProperty("nextPageToken", out _));
        Assert.Equal(["tok-2", "tok-4"], bodies.Skip(1).Select(b => b.GetProperty("nextPageToken").GetString()));
        Assert.All(jira.ReceivedJql, jql => Assert.Equal("""(project in ("FIX")) ORDER BY updated ASC, key ASC""", jql));
        Assert.Equal(3, source.Requests.Requests);
    }

    [Fact]
    public async Task An_incremental_listing_asks_for_updated_since_the_watermark_minus_the_overlap_and_returns_only_changed_issues()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(5);
        jira.Touch("FIX-4", new DateTimeOffset(2024, 6, 1, 10, 3, 0, TimeSpan.FromHours(-8)));
        jira.Touch("FIX-2", new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.FromHours(-8)));
        var source = TestSources.Jira(jira, o => o with { Jql = "project = FIX AND labels = fixture", Projects = [] });
        var watermark = new DateTimeOffset(2024, 6, 1, 18, 2, 30, TimeSpan.Zero);

        var changed = await source.ListChangedAsync(watermark, CancellationToken.None).ToListAsync();

        // 18:02:30Z minus 5 minutes, truncated to the minute: FIX-2 (18:00Z) is inside the overlap and comes back.
        Assert.Equal("""(project = FIX AND labels = fixture) AND updated >= "2024-06-01 17:57" ORDER BY updated ASC, key ASC""", Assert.Single(jira.ReceivedJql));
        Assert.Equal(["FIX-2", "FIX-4"], changed.Select(r => r.ExternalId));
        Assert.Equal("2024-06-01T10:03:00.000-0800", changed[1].Version);
        Assert.All(changed, r => Assert.NotNull(r.UpdatedAt));
    }

    [Fact]
    public async Task A_data_center_listing_pages_by_offset_with_a_personal_access_token()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(5);
        jira.RequirePersonalAccessToken("pat-value");
        var source = TestSources.Jira(jira, o => o with { Deployment = AtlassianDeployment.DataCenter },
            AtlassianCredentials.PersonalAccessToken("pat-value", "JIRA_PAT"));

        var references = await source.ListAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(["FIX-1", "FIX-2", "FIX-3", "FIX-4", "FIX-5"], references.Select(r => r.ExternalId));
        var searches = jira.Requests.Where(r => r.Path == "/rest/api/2/search").ToList();
        Assert.Equal([0, 2, 4], searches.Select(s => JsonDocument.Parse(s.Body).RootElement.GetProperty("startAt").GetInt32()));
        Assert.All(searches, s => Assert.Equal("Bearer pat-value", s.Authorization));
        // Offset paging must not shift under concurrent edits, so the full listing orders by creation.
        Assert.All(jira.ReceivedJql, jql => Assert.EndsWith("ORDER BY created ASC, key ASC", jql));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_search_page_does_not_break_the_listing()
    {
        await using var jira = await FakeJira.StartAsync();
        var page = Encoding.UTF8.GetBytes("""{"isLast":true,"issues":[{"id":"10001","key":"FIX-1","fields":{"updated":"2024-01-02T09:00:00.000-0800","summary":"bad ~"}}]}""");
        page[Array.IndexOf(page, (byte)'~')] = 0xFF;
        jira.FailNext(1, InjectedFault.Raw(page));
        var source = TestSources.Jira(jira);

        var references = await source.ListAsync(CancellationToken.None).ToListAsync();

        Assert.Equal("FIX-1", Assert.Single(references).ExternalId);
    }
}
