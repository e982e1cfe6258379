using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Connectors.Atlassian;
using Pipeline.Connectors.Jira;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Atlassian;

/// <summary>
/// A source that stops answering, end to end over real HTTP: a hung listing fails the run within the job's timeout
/// budget and leaves the index alone; a hung item fails that item only; the CLI says so in one line.
/// </summary>
public sealed class SourceTimeoutTests
{
    // Short enough for a test, in the job file as an operator would write them.
    private const string Patience = """ "requestTimeoutSeconds": 1, "retries": 1, "retryBaseDelaySeconds": 0.1, "maxRetryAfterSeconds": 1 """;

    // What those settings allow one request, as the connector computes it: 2 attempts of 1 s plus the longest wait.
    private static readonly TimeSpan Budget = new JiraOptions
    {
        SiteUrl = "http://127.0.0.1/", Projects = ["FIX"],
        Timeout = TimeSpan.FromSeconds(1), Retries = 1, RetryBaseDelay = TimeSpan.FromSeconds(0.1), MaxRetryAfter = TimeSpan.FromSeconds(1),
    }.WorstCaseRequestTime;

    // Process and database overhead around the hung request (the first page's issues are processed before it).
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_hanging_listing_fails_the_run_within_its_timeout_budget_deletes_nothing_and_keeps_the_watermark()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SearchPageLimit = 2;
        jira.SeedFromFixtures(5);
        await using var harness = await PipelineHarness.CreateAsync("hanglist", jobs => File.WriteAllText(jobs.File("jira.json"), $$"""
            { "name": "jira-hang", "schedule": "0 * * * *",
              "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"], {{Patience}} } }
            """));
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();
        await ingestion.RunAsync("jira-hang", "test", null, CancellationToken.None);
        var chunksBefore = await harness.ChunkIdsAsync();
        var watermarkBefore = await Watermark(harness);

        jira.ClearRequests();
        // The first search page answers, the second never does: a full listing that stops half way.
        jira.Delay(new InjectedDelay(r => r.Path.EndsWith("/search/jql", StringComparison.Ordinal) && r.Body.Contains("nextPageToken"), null));
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SourceResponseException>(() => ingestion.RunAsync("jira-hang", "test", null, CancellationToken.None, SyncMode.Full));
        clock.Stop();

        Assert.Equal("timeout", error.Reason);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), Budget + Slack);
        Assert.Contains("jira:jira-hang", error.Message);
        Assert.Contains(new Uri(jira.BaseUrl, "rest/api/3/search/jql").ToString(), error.Message);
        Assert.Contains("1 s request timeout (2 attempts", error.Message);
        Assert.Equal(2, jira.Requests.Count(r => r.Body.Contains("nextPageToken")));
        var run = await harness.ScalarAsync<string>("SELECT status || ': ' || error FROM pipeline.runs WHERE job_name = 'jira-hang' ORDER BY id DESC LIMIT 1");
        Assert.Equal("failed: " + error.Message, run);
        Assert.Equal(chunksBefore, await harness.ChunkIdsAsync());
        Assert.Equal(5L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.documents WHERE status = 'indexed'"));
        Assert.Equal(watermarkBefore, await Watermark(harness));

        jira.ClearDelays();
        var recovered = await ingestion.RunAsync("jira-hang", "test", null, CancellationToken.None, SyncMode.Full);
        Assert.Equal((5, 0, 0), (recovered.Documents.Unchanged, recovered.Documents.Deleted, recovered.Documents.Failed));
        Assert.Equal("succeeded", await harness.ScalarAsync<string>("SELECT status FROM pipeline.runs WHERE job_name = 'jira-hang' ORDER BY id DESC LIMIT 1"));
    }

    [Fact]
    public async Task A_jira_issue_whose_comments_hang_is_recorded_failed_with_a_timeout_while_the_rest_index()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(3);
        // More comments than the issue embeds, so reading FIX-2 needs the comment endpoint; that one hangs.
        jira.AddComments("FIX-2", jira.EmbeddedCommentLimit + 5);
        var hung = jira.Delay(InjectedDelay.Hang($"/issue/{jira.Issue("FIX-2").Id}/comment"));
        await using var harness = await PipelineHarness.CreateAsync("hangitem", jobs => File.WriteAllText(jobs.File("jira.json"), $$"""
            { "name": "jira-item", "schedule": "0 * * * *",
              "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"], {{Patience}} } }
            """));

        var summary = await harness.Services.GetRequiredService<JobIngestion>().RunAsync("jira-item", "test", null, CancellationToken.None);

        Assert.Equal((2, 1), (summary.Documents.New, summary.Documents.Failed));
        var failure = Assert.Single(summary.Failures);
        Assert.Equal(("FIX-2", "timeout"), (failure.Document, failure.Reason));
        Assert.Contains("/comment", failure.Message);
        Assert.Contains("1 s request timeout", failure.Message);
        Assert.Equal(2, jira.Requests.Count(hung.Matches));
        Assert.Equal("FIX-1=indexed,FIX-2=failed:timeout,FIX-3=indexed", await harness.ScalarAsync<string>(
            "SELECT string_agg(external_id || '=' || status || coalesce(':' || failure_reason, ''), ',' ORDER BY external_id) FROM pipeline.documents"));
        Assert.Equal("timeout", await harness.ScalarAsync<string>(
            "SELECT f.reason FROM pipeline.run_failures f JOIN pipeline.runs r ON r.id = f.run_id WHERE r.job_name = 'jira-item' AND f.external_id = 'FIX-2'"));
        Assert.Equal("succeeded", await harness.ScalarAsync<string>("SELECT status FROM pipeline.runs WHERE job_name = 'jira-item'"));
    }

    [Fact]
    public async Task An_issue_that_timed_out_in_an_incremental_sync_holds_the_watermark_and_the_next_incremental_sync_indexes_it()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(3);
        await using var harness = await PipelineHarness.CreateAsync("hangincr", jobs => File.WriteAllText(jobs.File("jira.json"), $$"""
            { "name": "jira-incr", "schedule": "0 * * * *",
              "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"], "overlapMinutes": 0, {{Patience}} } }
            """));
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();
        await ingestion.RunAsync("jira-incr", "test", null, CancellationToken.None, SyncMode.Full);
        var edited = DateTimeOffset.UtcNow.AddMinutes(10);
        for (var n = 1; n <= 3; n++)
        {
            jira.Issue($"FIX-{n}").Summary = $"Edited summary {n}";
            jira.Touch($"FIX-{n}", edited.AddMinutes(n));
        }
        // FIX-2 now has more comments than the issue embeds, and the comment endpoint hangs.
        jira.AddComments("FIX-2", jira.EmbeddedCommentLimit + 5);
        var hung = jira.Delay(InjectedDelay.Hang($"/issue/{jira.Issue("FIX-2").Id}/comment"));

        var first = await ingestion.RunAsync("jira-incr", "test", null, CancellationToken.None, SyncMode.Incremental);
        var held = await harness.ScalarAsync<DateTime>("SELECT watermark FROM pipeline.sync_state WHERE job_name = 'jira-incr'");
        jira.ClearDelays();
        var second = await ingestion.RunAsync("jira-incr", "test", null, CancellationToken.None, SyncMode.Incremental);
        var after = await harness.ScalarAsync<DateTime>("SELECT watermark FROM pipeline.sync_state WHERE job_name = 'jira-incr'");

        Assert.Equal(("incremental", 2, 1), (first.Mode, first.Documents.Changed, first.Documents.Failed));
        Assert.Equal(("FIX-2", "timeout"), (first.Failures.Single().Document, first.Failures.Single().Reason));
        // FIX-3 was stored after FIX-2 timed out, yet the watermark stays at FIX-1: FIX-2 must be listed again.
        Assert.Equal(edited.AddMinutes(1).UtcDateTime, held, TimeSpan.FromSeconds(1));
        // Listed again from FIX-1's time: FIX-1 and FIX-3 are current; FIX-2 kept its last good version while stale, and is now changed.
        Assert.Equal(("incremental", 1, 0, 0, 2), (second.Mode, second.Documents.Changed, second.Documents.New, second.Documents.Failed, second.Documents.Unchanged));
        Assert.Equal(edited.AddMinutes(3).UtcDateTime, after, TimeSpan.FromSeconds(1));
        Assert.Equal(3L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.documents WHERE status = 'indexed' AND title LIKE '%Edited summary%'"));
    }

    [Fact]
    public async Task A_confluence_page_whose_body_hangs_is_recorded_failed_with_a_timeout_while_the_rest_index()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        var guide = confluence.SeedFromFixtures();
        confluence.Delay(new InjectedDelay(r => r.Path == $"/wiki/api/v2/pages/{guide.Id}", null));
        await using var harness = await PipelineHarness.CreateAsync("hangpage", jobs => File.WriteAllText(jobs.File("confluence.json"), $$"""
            { "name": "confluence-item", "schedule": "0 * * * *",
              "source": { "kind": "confluence", "site": "{{confluence.BaseUrl}}", "spaces": ["ENG"], {{Patience}} } }
            """));

        var summary = await harness.Services.GetRequiredService<JobIngestion>().RunAsync("confluence-item", "test", null, CancellationToken.None);

        var failure = Assert.Single(summary.Failures);
        Assert.Equal((guide.Id, "timeout"), (failure.Document, failure.Reason));
        Assert.Contains("confluence:confluence-item", failure.Message);
        Assert.Equal(confluence.Pages.Count - 1, summary.Documents.New);
        Assert.Equal((long)confluence.Pages.Count - 1, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.documents WHERE status = 'indexed'"));
    }

    [Fact]
    public async Task The_cli_reports_a_hanging_source_in_one_line_and_exits_with_an_error_code()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        jira.RequireApiToken("bot@example.com", "cli-hang-token");
        jira.Delay(InjectedDelay.Hang("/search/jql"));
        using var jobs = new TempFolder();
        File.WriteAllText(jobs.File("jira.json"), $$"""
            { "name": "jira-cli", "schedule": "0 * * * *",
              "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"], {{Patience}} } }
            """);
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("hangcli"),
            ["PIPELINE_JOBS_DIR"] = jobs.Path,
            ["JIRA_EMAIL"] = "bot@example.com",
            ["JIRA_API_TOKEN"] = "cli-hang-token",
        };

        var result = await CliProcess.RunAsync(environment, "ingest", "--job", "jira-cli");

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.StartsWith($"error: Jira source jira:jira-cli at {jira.BaseUrl.GetLeftPart(UriPartial.Authority)} did not answer POST {jira.BaseUrl}rest/api/3/search/jql within the 1 s request timeout (2 attempts", error);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("cli-hang-token", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task A_job_whose_retries_could_hold_one_request_past_the_limit_is_refused_when_loaded()
    {
        using var jobs = new TempFolder();
        var path = jobs.File("jira.json");
        await File.WriteAllTextAsync(path, """
            { "name": "jira-patient", "schedule": "0 * * * *",
              "source": { "kind": "jira", "site": "https://example.atlassian.net", "projects": ["FIX"], "requestTimeoutSeconds": 120, "retries": 8 } }
            """);

        var error = Assert.Throws<JobDefinitionException>(() => JobCatalog.LoadFile(path));

        Assert.Contains("job 'jira-patient'", error.Message);
        Assert.Contains("9 attempts of 120 s", error.Message);
        Assert.Contains($"{AtlassianSiteOptions.MaxRequestTime.TotalMinutes:0} min", error.Message);
    }

    private static Task<DateTime> Watermark(PipelineHarness harness) =>
        harness.ScalarAsync<DateTime>("SELECT watermark FROM pipeline.sync_state WHERE job_name = 'jira-hang'");
}
