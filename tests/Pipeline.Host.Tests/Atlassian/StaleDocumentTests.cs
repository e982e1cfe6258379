using Microsoft.Extensions.DependencyInjection;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Core.Embedding;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Host.Monitoring;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage.Index;

namespace Pipeline.Host.Tests.Atlassian;

/// <summary>
/// A passing fault keeps the last good version: an item the site cannot serve (5xx after retries) keeps its chunks,
/// stays searchable, is marked stale with the reason everywhere an operator looks, and the next sync retries it.
/// Only content failures remove chunks.
/// </summary>
public sealed class StaleDocumentTests
{
    // Short enough for a test, in the job file as an operator would write them.
    private const string Patience = """ "requestTimeoutSeconds": 2, "retries": 1, "retryBaseDelaySeconds": 0.05, "maxRetryAfterSeconds": 1, "overlapMinutes": 0 """;

    [Fact]
    public async Task An_issue_the_site_cannot_serve_after_retries_keeps_its_chunks_searchable_is_marked_stale_and_the_next_sync_clears_it()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(3);
        await using var harness = await Harness(jira, "stale503", "jira-stale");
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();
        await ingestion.RunAsync("jira-stale", "test", null, CancellationToken.None, SyncMode.Full);
        var before = await harness.ChunkIdsAsync();
        var oldTitle = await harness.ScalarAsync<string>("SELECT title FROM pipeline.documents WHERE external_id = 'FIX-2'");

        jira.Issue("FIX-2").Summary = "Pump start-up checklist revised";
        jira.Touch("FIX-2", DateTimeOffset.UtcNow.AddMinutes(-5));
        jira.FailWhere(IssueRead("FIX-2"), InjectedFault.ServerError(503));
        var failed = await ingestion.RunAsync("jira-stale", "test", null, CancellationToken.None);

        var failure = Assert.Single(failed.Failures);
        Assert.Equal(("FIX-2", "unavailable"), (failure.Document, failure.Reason));
        Assert.Equal(before, await harness.ChunkIdsAsync());
        Assert.Equal("indexed", await harness.ScalarAsync<string>("SELECT status FROM pipeline.documents WHERE external_id = 'FIX-2'"));
        Assert.Contains(await SearchAsync(harness, oldTitle), hit => hit.Document == "FIX-2");

        var status = await harness.Services.GetRequiredService<IndexStatusQuery>().GetAsync(["jira-stale"], CancellationToken.None);
        var stale = Assert.Single(status.Stale);
        Assert.Equal(("jira:jira-stale", "FIX-2", "unavailable"), (stale.Source, stale.Document, stale.Reason));
        Assert.Contains("503", stale.Message);
        var health = await harness.Services.GetRequiredService<JobHealthReport>().GetAsync("jira-stale", CancellationToken.None);
        Assert.Equal(("FIX-2", "unavailable"), (Assert.Single(health.Stale).Document, health.Stale[0].Reason));
        var page = await QualityPageAsync(harness);
        Assert.Contains("pipeline-stale", page);
        Assert.Contains("FIX-2", page);
        Assert.Contains("unavailable", page);

        jira.ClearFaults();
        var recovered = await ingestion.RunAsync("jira-stale", "test", null, CancellationToken.None);

        Assert.Equal((1, 0), (recovered.Documents.Changed, recovered.Documents.Failed));
        Assert.Equal("FIX-2: Pump start-up checklist revised", await harness.ScalarAsync<string>("SELECT title FROM pipeline.documents WHERE external_id = 'FIX-2'"));
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.stale_documents"));
        Assert.Empty((await harness.Services.GetRequiredService<IndexStatusQuery>().GetAsync(["jira-stale"], CancellationToken.None)).Stale);
    }

    [Fact]
    public async Task A_content_failure_still_removes_the_issues_chunks()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        await using var harness = await Harness(jira, "stalebad", "jira-bad");
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();
        await ingestion.RunAsync("jira-bad", "test", null, CancellationToken.None, SyncMode.Full);

        jira.Touch("FIX-2", DateTimeOffset.UtcNow.AddMinutes(-5));
        jira.FailWhere(IssueRead("FIX-2"), InjectedFault.Raw("{\"key\": \"FIX-2\", \"fields\": "u8.ToArray()));
        var summary = await ingestion.RunAsync("jira-bad", "test", null, CancellationToken.None);

        Assert.Equal(("FIX-2", "malformed"), (summary.Failures.Single().Document, summary.Failures.Single().Reason));
        Assert.False((await harness.ChunkIdsAsync()).ContainsKey("FIX-2"));
        Assert.Equal("failed", await harness.ScalarAsync<string>("SELECT status FROM pipeline.documents WHERE external_id = 'FIX-2'"));
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.stale_documents"));
    }

    [Fact]
    public async Task A_full_sync_holds_the_watermark_at_a_stale_issue_so_the_next_incremental_sync_reads_it_again()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(3);
        await using var harness = await Harness(jira, "stalefull", "jira-full");
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();
        await ingestion.RunAsync("jira-full", "test", null, CancellationToken.None, SyncMode.Full);

        var stuck = DateTimeOffset.UtcNow.AddMinutes(-10);
        jira.Issue("FIX-2").Summary = "Edited while the site was failing";
        jira.Touch("FIX-2", stuck);
        jira.Issue("FIX-3").Summary = "Edited a little later";
        jira.Touch("FIX-3", stuck.AddMinutes(5));
        jira.FailWhere(IssueRead("FIX-2"), InjectedFault.ServerError(502));
        var full = await ingestion.RunAsync("jira-full", "test", null, CancellationToken.None, SyncMode.Full);
        var held = await harness.ScalarAsync<DateTime>("SELECT watermark FROM pipeline.sync_state WHERE job_name = 'jira-full'");

        Assert.Equal(("full", 1, 1), (full.Mode, full.Documents.Changed, full.Documents.Failed));
        // FIX-3 was stored at a later time, yet the watermark stays at FIX-2: the next incremental listing includes it.
        Assert.Equal(stuck.UtcDateTime, held, TimeSpan.FromSeconds(1));

        jira.ClearFaults();
        var incremental = await ingestion.RunAsync("jira-full", "test", null, CancellationToken.None, SyncMode.Incremental);

        Assert.Equal(("incremental", 1, 0), (incremental.Mode, incremental.Documents.Changed, incremental.Documents.Failed));
        Assert.Equal("FIX-2: Edited while the site was failing", await harness.ScalarAsync<string>("SELECT title FROM pipeline.documents WHERE external_id = 'FIX-2'"));
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.stale_documents"));
    }

    private static Func<RecordedRequest, bool> IssueRead(string key) =>
        r => r.Method == "GET" && r.Path.EndsWith($"/issue/{key}", StringComparison.Ordinal);

    private static Task<PipelineHarness> Harness(FakeJira jira, string database, string job) =>
        PipelineHarness.CreateAsync(database, jobs => File.WriteAllText(jobs.File("jira.json"), $$"""
            { "name": "{{job}}", "schedule": "0 * * * *",
              "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"], {{Patience}} } }
            """));

    private static async Task<IReadOnlyList<SearchHit>> SearchAsync(PipelineHarness harness, string text)
    {
        var embedder = harness.Services.GetRequiredService<IEmbedder>();
        var vector = (await embedder.EmbedAsync([text], CancellationToken.None)).Vectors[0];
        return await harness.Services.GetRequiredService<ChunkSearch>().SearchAsync(vector, embedder.Model, 3, activeOnly: true, Pipeline.Storage.Access.SearchCaller.Anonymous, CancellationToken.None);
    }

    // What the Quality page's route renders.
    private static Task<string> QualityPageAsync(PipelineHarness harness) =>
        QualityPageHtml.RenderAsync(harness.Services, CancellationToken.None);
}
