using Microsoft.Extensions.DependencyInjection;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Search;
using Pipeline.Host.Tests.Alerts;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage.Access;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Tests.Access;

/// <summary>
/// A Confluence job against the Kestrel fake (real HTTP, Atlassian's payload shapes) through the whole pipeline on real
/// PostgreSQL: access captured at ingest, identities resolved through synced memberships, restrictions enforced by the
/// search SQL, the permission sync changing access without re-embedding, and a 403 page hidden, restored and purged.
/// </summary>
public sealed class ConfluencePermissionSyncTests
{
    private const string Question = "How do we deploy with the blue-green switch?";

    [Fact]
    public async Task A_page_restricted_through_its_grandparent_is_enforced_and_a_removed_restriction_shows_within_one_permission_sync()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        var guide = confluence.SeedFromFixtures();
        confluence.Edit(guide.Id, "<h1>Deploying</h1><p>We deploy with the blue-green switch: roll out to green, then switch traffic.</p>");
        confluence.AddGroup("g-staff", "staff", "acc-alice", "acc-bob");
        confluence.AddGroup("g-ops", "ops", "acc-alice");
        confluence.AddUser("acc-alice", "Alice", "alice@example.com");
        confluence.AddUser("acc-bob", "Bob", "bob@example.com");
        confluence.SetSpaceReaders("ENG", "group:g-staff");
        var engineering = confluence.Pages.Single(p => p.Title == "Engineering");
        // The guide sits under Engineering › Runbooks: the grandparent's restriction is the guide's too.
        confluence.RestrictRead(engineering.Id, groups: ["g-ops"]);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var harness = await PipelineHarness.CreateAsync("confluence_access", jobs => File.WriteAllText(jobs.File("wiki.json"), $$"""
            { "name": "wiki", "schedule": "0 * * * *", "source": { "kind": "confluence", "site": "{{confluence.BaseUrl}}", "spaces": ["ENG"] },
              "access": { "graceDays": 7, "alertPercent": 10, "alertMinDocuments": 1 } }
            """), services => services.AddSingleton<TimeProvider>(clock));
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();
        var first = await ingestion.RunAsync("wiki", "test", null, CancellationToken.None);
        Assert.Equal(0, first.Documents.Failed);
        var retriever = harness.Services.GetRequiredService<Retriever>();
        var callers = harness.Services.GetRequiredService<CallerResolver>();

        async Task<List<string>> FoundBy(string? user) =>
            (await retriever.SearchAsync(Question, 20, await callers.ResolveAsync(user, null, CancellationToken.None), CancellationToken.None, RetrievalMode.Hybrid))
            .Select(h => h.Document).Distinct().ToList();

        Assert.Contains(guide.Id, await FoundBy("alice@example.com"));
        Assert.DoesNotContain(guide.Id, await FoundBy("bob@example.com"));
        Assert.Empty(await FoundBy(null));

        // Restriction removed: enforced after one permission sync, with nothing re-embedded.
        confluence.ClearRestrictions(engineering.Id);
        var chunksBefore = await harness.ChunkIdsAsync();
        var sync = await ingestion.RunPermissionsAsync("wiki", "test", CancellationToken.None);
        Assert.True(sync.Documents.Changed >= 3, $"access of the pages under Engineering changed: {sync.Documents.Changed}");
        Assert.Contains(guide.Id, await FoundBy("bob@example.com"));
        Assert.Equal(chunksBefore, await harness.ChunkIdsAsync());
        Assert.Equal("permissions", await harness.ScalarAsync<string>("SELECT kind FROM pipeline.runs WHERE id = @id", ("id", sync.RunId)));

        // 403: hidden at once (not deleted), restored without embeddings, then purged after the grace period.
        confluence.Forbid(guide.Id);
        var lost = await ingestion.RunPermissionsAsync("wiki", "test", CancellationToken.None);
        Assert.Equal(1, lost.Documents.AccessLost);
        // One of five pages is over the 10 % threshold: the access-lost alert fires (a revoked account looks like this).
        var alert = new Pipeline.Host.Alerts.AccessLostConditionSource(harness.DataSource, harness.Services.GetRequiredService<Pipeline.Host.Jobs.JobCatalog>());
        var firing = Assert.Single(await alert.FiringAsync(clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal("wiki lost access to 1 of 5 documents", firing.Title);
        Assert.DoesNotContain(guide.Id, await FoundBy("alice@example.com"));
        Assert.Equal(1L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.documents WHERE external_id = @id", ("id", guide.Id)));

        // A page purged at the source meanwhile (404) is deleted, and counted apart from the lost one on the Quality page.
        var leaf = confluence.Pages.First(p => p.Id != guide.Id && confluence.Pages.All(child => child.ParentId != p.Id));
        confluence.Purge(leaf.Id);
        var content = await ingestion.RunAsync("wiki", "test", null, CancellationToken.None);
        Assert.Equal(1, content.Documents.Deleted);
        chunksBefore = await harness.ChunkIdsAsync();
        var removals = Assert.Single(await harness.Services.GetRequiredService<DocumentRemovals>().CountAsync(TimeSpan.FromDays(7), CancellationToken.None));
        Assert.Equal(("wiki", 1L, 1L), (removals.Job, removals.Deleted, removals.HiddenNow));
        Assert.True(removals.AccessLost >= 1, $"access lost counted: {removals.AccessLost}");
        var quality = await Pipeline.Host.Dashboard.QualityPageHtml.RenderAsync(harness.Services, CancellationToken.None);
        Assert.Contains("<th>Deleted (404)</th><th>Access lost (403)</th>", quality);
        Assert.Contains($"<tr><td>wiki</td><td>1</td><td><span class=\"label label-danger\">{removals.AccessLost}</span></td>", quality);

        confluence.Allow(guide.Id);
        var restored = await ingestion.RunPermissionsAsync("wiki", "test", CancellationToken.None);
        Assert.Equal(1, restored.Documents.AccessRestored);
        Assert.Empty(await alert.FiringAsync(clock.GetUtcNow(), CancellationToken.None));
        Assert.Contains(guide.Id, await FoundBy("alice@example.com"));
        Assert.Equal(chunksBefore, await harness.ChunkIdsAsync());

        confluence.Forbid(guide.Id);
        await ingestion.RunPermissionsAsync("wiki", "test", CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(0, (await ingestion.RunPermissionsAsync("wiki", "test", CancellationToken.None)).Documents.AccessPurged);
        clock.Advance(TimeSpan.FromDays(1.5));
        Assert.Equal(1, (await ingestion.RunPermissionsAsync("wiki", "test", CancellationToken.None)).Documents.AccessPurged);
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.documents WHERE external_id = @id", ("id", guide.Id)));
    }

    [Fact]
    public async Task A_space_granting_read_to_an_unknown_holder_type_quarantines_its_pages_as_access_unknown()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        confluence.SeedFromFixtures();
        confluence.SetSpaceReaders("ENG", "group:g-staff");
        confluence.AddSpacePermission("ENG", "mystery-holder", "x-1");
        await using var harness = await PipelineHarness.CreateAsync("confluence_unknown", jobs => File.WriteAllText(jobs.File("wiki.json"), $$"""
            { "name": "wiki-unknown", "schedule": "0 * * * *", "source": { "kind": "confluence", "site": "{{confluence.BaseUrl}}", "spaces": ["ENG"] } }
            """));
        var summary = await harness.Services.GetRequiredService<JobIngestion>().RunAsync("wiki-unknown", "test", null, CancellationToken.None);
        Assert.Equal(5, summary.Documents.Failed);
        Assert.All(summary.Failures, f => Assert.Equal("access-unknown", f.Reason));
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunks"));
        var admin = await harness.Services.GetRequiredService<Retriever>().SearchAsync("deploy", 10, SearchCaller.Administrator, CancellationToken.None);
        Assert.Empty(admin);
    }
}
