using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Atlassian;

/// <summary>Jira and Confluence through the whole pipeline, against real HTTP servers speaking the API shapes of the fixtures.</summary>
public sealed class AtlassianSyncTests
{
    [Fact]
    public async Task A_jira_job_syncs_fully_then_incrementally_and_a_full_reconciliation_removes_deleted_issues()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SearchPageLimit = 2;
        jira.SeedFromFixtures(5);
        var (emailVar, tokenVar) = ($"TEST_JIRA_EMAIL_{Guid.NewGuid().ToString("N").ToUpperInvariant()}", $"TEST_JIRA_TOKEN_{Guid.NewGuid().ToString("N").ToUpperInvariant()}");
        Environment.SetEnvironmentVariable(emailVar, "bot@example.com");
        Environment.SetEnvironmentVariable(tokenVar, "s3cret-token");
        jira.RequireApiToken("bot@example.com", "s3cret-token");
        await using var harness = await PipelineHarness.CreateAsync("jira", jobs => File.WriteAllText(jobs.File("jira.json"), $$"""
            { "name": "jira-fix", "schedule": "0 * * * *",
              "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"], "emailEnv": "{{emailVar}}", "tokenEnv": "{{tokenVar}}" } }
            """));
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();

        var first = await ingestion.RunAsync("jira-fix", "test", null, CancellationToken.None);
        jira.Issue("FIX-2").Summary = "Pump start-up checklist revised";
        jira.Touch("FIX-2");
        jira.Delete("FIX-5");
        jira.ClearRequests();
        var second = await ingestion.RunAsync("jira-fix", "test", null, CancellationToken.None);
        var third = await ingestion.RunAsync("jira-fix", "test", null, CancellationToken.None, SyncMode.Full);

        Assert.Equal(("full", 5, 0), (first.Mode, first.Documents.New, first.Documents.Failed));
        Assert.True(first.Requests!.Requests >= 3, "five issues at two per page take three search pages");
        Assert.Equal(("incremental", 1, 0), (second.Mode, second.Documents.Changed, second.Documents.Deleted));
        Assert.Contains(jira.ReceivedJql, q => q.Contains("updated >=", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(("full", 1, 4), (third.Mode, third.Documents.Deleted, third.Documents.Unchanged));
        var titles = await harness.ScalarAsync<string>("SELECT string_agg(external_id || '=' || title, ',' ORDER BY external_id) FROM pipeline.documents");
        Assert.Equal("FIX-1=FIX-1: Fixture issue 1,FIX-2=FIX-2: Pump start-up checklist revised,FIX-3=FIX-3: Fixture issue 3,FIX-4=FIX-4: Fixture issue 4", titles);
        Assert.DoesNotContain("s3cret-token", JsonSerializer.Serialize(first));
        Assert.NotNull(await harness.ScalarAsync<DateTime?>("SELECT watermark FROM pipeline.sync_state WHERE job_name = 'jira-fix'"));
    }

    [Fact]
    public async Task A_jira_site_that_rejects_the_credentials_fails_the_run_at_once_without_retries()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        jira.RequirePersonalAccessToken("the-right-token");
        var patVar = $"TEST_JIRA_PAT_{Guid.NewGuid().ToString("N").ToUpperInvariant()}";
        Environment.SetEnvironmentVariable(patVar, "a-wrong-token");
        await using var harness = await PipelineHarness.CreateAsync("jira401", jobs => File.WriteAllText(jobs.File("jira.json"), $$"""
            { "name": "jira-401", "schedule": "0 * * * *",
              "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "jql": "project = FIX", "patEnv": "{{patVar}}" } }
            """));

        var error = await Assert.ThrowsAsync<Connectors.Atlassian.SourceAuthenticationException>(() =>
            harness.Services.GetRequiredService<JobIngestion>().RunAsync("jira-401", "test", null, CancellationToken.None));

        Assert.Single(jira.Requests);
        Assert.Contains("401", error.Message);
        Assert.DoesNotContain("a-wrong-token", error.Message);
        Assert.Equal("failed", await harness.ScalarAsync<string>("SELECT status FROM pipeline.runs WHERE job_name = 'jira-401'"));
    }

    [Fact]
    public async Task An_adhoc_confluence_sync_from_the_cli_picks_up_an_edit_and_removes_a_purged_page()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        var guide = confluence.SeedFromFixtures();
        var tables = confluence.Pages.Single(p => p.Title == "Tables");
        using var jobs = new TempFolder();
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("confluence"),
            ["PIPELINE_JOBS_DIR"] = jobs.Path,
        };
        var site = confluence.BaseUrl.ToString();

        var first = await CliProcess.RunAsync(environment, "ingest", "--confluence", site, "--space", "ENG", "--json");
        Assert.True(first.ExitCode == 0, first.Stderr);
        confluence.Edit(guide.Id, "<h1>Deploying</h1><p>Roll out with the blue-green switch.</p>");
        confluence.Purge(tables.Id);
        var second = await CliProcess.RunAsync(environment, "ingest", "--confluence", site, "--space", "ENG", "--json");
        Assert.True(second.ExitCode == 0, second.Stderr);
        var query = await CliProcess.RunAsync(environment, "query", "blue-green switch roll out", "--top", "1", "--json");

        using var one = JsonDocument.Parse(first.Stdout);
        using var two = JsonDocument.Parse(second.Stdout);
        Assert.Equal(5, one.RootElement.GetProperty("documents").GetProperty("new").GetInt32());
        Assert.Equal(1, two.RootElement.GetProperty("documents").GetProperty("changed").GetInt32());
        Assert.Equal(1, two.RootElement.GetProperty("documents").GetProperty("deleted").GetInt32());
        Assert.Equal(3, two.RootElement.GetProperty("documents").GetProperty("unchanged").GetInt32());
        using var hits = JsonDocument.Parse(query.Stdout);
        var best = hits.RootElement[0];
        Assert.Equal(guide.Id, best.GetProperty("document").GetString());
        // The breadcrumb of ancestors heads the heading path.
        Assert.Equal(["Engineering", "Runbooks", "Deploy guide", "Deploying"], best.GetProperty("heading_path").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task An_adhoc_jira_sync_from_the_cli_names_documents_by_issue_key_and_counts_edits()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(3, project: "OPS");
        jira.RequireApiToken("bot@example.com", "cli-token");
        using var jobs = new TempFolder();
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("jiracli"),
            ["PIPELINE_JOBS_DIR"] = jobs.Path,
            ["JIRA_EMAIL"] = "bot@example.com",
            ["JIRA_API_TOKEN"] = "cli-token",
        };
        var site = jira.BaseUrl.ToString();

        var first = await CliProcess.RunAsync(environment, "ingest", "--jira", site, "--jql", "project = OPS", "--json");
        Assert.True(first.ExitCode == 0, first.Stderr);
        jira.Issue("OPS-3").Summary = "Escalation path for database outages";
        jira.Touch("OPS-3");
        var second = await CliProcess.RunAsync(environment, "ingest", "--jira", site, "--jql", "project = OPS", "--json");
        var status = await CliProcess.RunAsync(environment, "query", "who to escalate a database outage to", "--top", "1", "--json");

        using var one = JsonDocument.Parse(first.Stdout);
        using var two = JsonDocument.Parse(second.Stdout);
        Assert.Equal(3, one.RootElement.GetProperty("documents").GetProperty("new").GetInt32());
        Assert.Equal(1, two.RootElement.GetProperty("documents").GetProperty("changed").GetInt32());
        Assert.Equal("incremental", two.RootElement.GetProperty("mode").GetString());
        Assert.Equal(0, two.RootElement.GetProperty("documents").GetProperty("deleted").GetInt32());
        Assert.True(two.RootElement.GetProperty("requests").GetProperty("requests").GetInt64() >= 2);
        using var hits = JsonDocument.Parse(status.Stdout);
        Assert.Equal("OPS-3", hits.RootElement[0].GetProperty("document").GetString());
        Assert.DoesNotContain("cli-token", first.Stdout + first.Stderr + second.Stdout + second.Stderr);
    }

    [Fact]
    public async Task An_incremental_sync_killed_midway_resumes_from_its_watermark_without_missing_an_issue()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(6);
        await using var harness = await PipelineHarness.CreateAsync("resume", jobs => File.WriteAllText(jobs.File("jira.json"), $$"""
            { "name": "jira-resume", "schedule": "0 * * * *", "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"], "overlapMinutes": 0 } }
            """));
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();
        await ingestion.RunAsync("jira-resume", "test", null, CancellationToken.None);
        var edited = DateTimeOffset.UtcNow.AddMinutes(10);
        for (var n = 1; n <= 4; n++)
        {
            jira.Issue($"FIX-{n}").Summary = $"Edited summary {n}";
            jira.Touch($"FIX-{n}", edited.AddMinutes(n));
        }

        using var kill = new CancellationTokenSource();
        var done = 0;
        // The listing starts at the last full sync's newest issue (FIX-6, unchanged), then FIX-1, FIX-2, ...: stop after FIX-2.
        var afterTwoEdits = new SynchronousProgress(_ => { if (++done == 3) kill.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ingestion.RunAsync("jira-resume", "test", afterTwoEdits, kill.Token));
        var watermark = await harness.ScalarAsync<DateTime>("SELECT watermark FROM pipeline.sync_state WHERE job_name = 'jira-resume'");
        var resumed = await ingestion.RunAsync("jira-resume", "test", null, CancellationToken.None);

        Assert.Equal(edited.AddMinutes(2).UtcDateTime, watermark, TimeSpan.FromSeconds(1));
        Assert.Equal("incremental", resumed.Mode);
        Assert.Equal(2, resumed.Documents.Changed);
        Assert.Equal(4L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.documents WHERE title LIKE '%Edited summary%'"));
        Assert.Equal(6L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.documents"));
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.runs WHERE status = 'running'"));
    }

    [Fact]
    public async Task A_status_change_alone_updates_metadata_without_reembedding()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        await using var harness = await PipelineHarness.CreateAsync("metadata", jobs => File.WriteAllText(jobs.File("jira.json"), $$"""
            { "name": "jira-meta", "schedule": "0 * * * *", "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"] } }
            """));
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();
        await ingestion.RunAsync("jira-meta", "test", null, CancellationToken.None);
        var chunksBefore = await harness.ChunkIdsAsync();

        jira.Issue("FIX-1").Status = "Done";
        jira.Issue("FIX-1").Labels.Add("released");
        jira.Touch("FIX-1");
        var summary = await ingestion.RunAsync("jira-meta", "test", null, CancellationToken.None);

        // FIX-2 is listed again as the watermark's own issue (unchanged version); FIX-1 is read but its content hash is the same.
        Assert.Equal((2, 0, 0L), (summary.Documents.Unchanged, summary.Documents.Changed, summary.EmbeddingsComputed));
        Assert.Equal("Done", await harness.ScalarAsync<string>("SELECT metadata->>'status' FROM pipeline.documents WHERE external_id = 'FIX-1'"));
        Assert.Equal(jira.Issue("FIX-1").Updated.UtcDateTime, await harness.ScalarAsync<DateTime>("SELECT source_updated_at FROM pipeline.documents WHERE external_id = 'FIX-1'"), TimeSpan.FromSeconds(1));
        Assert.Equal(chunksBefore, await harness.ChunkIdsAsync());
    }

    private sealed class SynchronousProgress(Action<IngestionProgress> report) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value) => report(value);
    }
}
