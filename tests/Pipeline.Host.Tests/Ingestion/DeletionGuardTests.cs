using Microsoft.Extensions.DependencyInjection;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Ingestion;

/// <summary>A full sync whose listing comes back short: vanished items are looked up before deletion, and mass deletion waits for an operator.</summary>
public sealed class DeletionGuardTests
{
    private const string Documents = "SELECT count(*) FROM pipeline.documents";

    [Fact]
    public async Task An_empty_listing_of_issues_that_are_still_there_deletes_nothing_within_the_lookup_budget()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(12);
        await using var harness = await JiraHarnessAsync(jira, "guard_empty", """ "deletion": { "maxLookups": 5 }, """);
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();
        await ingestion.RunAsync("jira-guard", "test", null, CancellationToken.None);
        jira.ClearRequests();

        // The search answers an empty, well-formed listing (an index rebuilding, a permission flapping): nothing is gone.
        jira.FailNext(1, new InjectedFault(200, "application/json", """{"issues":[],"isLast":true}"""));
        var sync = await ingestion.RunAsync("jira-guard", "test", null, CancellationToken.None, SyncMode.Full);

        Assert.Equal((0, 12), (sync.Documents.Deleted, sync.Documents.VanishedKept));
        Assert.Equal(12L, await harness.ScalarAsync<long>(Documents));
        Assert.Equal(5, jira.Requests.Count(r => r.Path.StartsWith("/rest/api/3/issue/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_empty_listing_because_every_issue_is_gone_deletes_nothing_and_fails_naming_the_counts_until_confirmed()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(12);
        await using var harness = await JiraHarnessAsync(jira, "guard_gone", "");
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();
        await ingestion.RunAsync("jira-guard", "test", null, CancellationToken.None);
        foreach (var issue in jira.Issues.ToList())
        {
            jira.Delete(issue.Key);
        }

        var blocked = await Assert.ThrowsAsync<DeletionBlockedException>(() =>
            ingestion.RunAsync("jira-guard", "test", null, CancellationToken.None, SyncMode.Full));

        Assert.Contains("would delete 12 of 12 documents, more than the limit of 20%", blocked.Message);
        Assert.Contains("--confirm-deletions", blocked.Message);
        Assert.Equal(12L, await harness.ScalarAsync<long>(Documents));
        Assert.Equal(blocked.Message, await harness.ScalarAsync<string>("SELECT error FROM pipeline.runs WHERE status = 'failed'"));

        var confirmed = await ingestion.RunAsync("jira-guard", "operator", null, CancellationToken.None, confirmDeletions: true);

        Assert.Equal(("full", 12), (confirmed.Mode, confirmed.Documents.Deleted));
        Assert.Equal(0L, await harness.ScalarAsync<long>(Documents));
    }

    [Fact]
    public async Task A_data_center_listing_that_skips_issues_shifted_by_deletions_mid_listing_deletes_only_the_deleted_ones()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(12);
        await using var harness = await JiraHarnessAsync(jira, "guard_offset", """ "deletion": { "minDocuments": 1 }, """, datacenter: true);
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();
        await ingestion.RunAsync("jira-guard", "test", null, CancellationToken.None);

        // After the first page (FIX-1, FIX-2), FIX-1 and FIX-8 are deleted: offsets shift by two, so the next page
        // starts at FIX-4 and FIX-3 is never listed though it still exists.
        var deletedMidListing = 0;
        jira.AfterSearchPage = offset =>
        {
            if (offset == 0 && Interlocked.Exchange(ref deletedMidListing, 1) == 0)
            {
                jira.Delete("FIX-1");
                jira.Delete("FIX-8");
            }
        };
        var sync = await ingestion.RunAsync("jira-guard", "test", null, CancellationToken.None, SyncMode.Full);
        jira.AfterSearchPage = null;
        var next = await ingestion.RunAsync("jira-guard", "test", null, CancellationToken.None, SyncMode.Full);

        Assert.Equal((10, 1, 1), (sync.Documents.Seen, sync.Documents.Deleted, sync.Documents.VanishedKept));
        // FIX-1 was listed before it was deleted; the next full sync removes it.
        Assert.Equal((1, 0), (next.Documents.Deleted, next.Documents.VanishedKept));
        var left = await harness.ScalarAsync<string>("SELECT string_agg(external_id, ',' ORDER BY length(external_id), external_id) FROM pipeline.documents");
        Assert.Equal("FIX-2,FIX-3,FIX-4,FIX-5,FIX-6,FIX-7,FIX-9,FIX-10,FIX-11,FIX-12", left);
    }

    private static Task<PipelineHarness> JiraHarnessAsync(FakeJira jira, string name, string deletion, bool datacenter = false)
    {
        var patVar = $"TEST_JIRA_PAT_{Guid.NewGuid().ToString("N").ToUpperInvariant()}";
        Environment.SetEnvironmentVariable(patVar, "guard-token");
        jira.RequirePersonalAccessToken("guard-token");
        var deployment = datacenter ? "datacenter" : "cloud";
        return PipelineHarness.CreateAsync(name, jobs => File.WriteAllText(jobs.File("jira.json"), $$"""
            { "name": "jira-guard", "schedule": "0 3 * * *", {{deletion}}
              "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "deployment": "{{deployment}}", "projects": ["FIX"], "patEnv": "{{patVar}}", "pageSize": 2 } }
            """));
    }
}
