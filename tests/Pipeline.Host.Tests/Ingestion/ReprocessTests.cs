using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Core.Runs;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Ingestion;

/// <summary>
/// A job whose chunking or quality rules change reprocesses its unchanged documents at the next sync (the pipeline
/// fingerprint); real PDFs, real model, real PostgreSQL. A restart after editing the job file is a new service on
/// the same database, as in production.
/// </summary>
public sealed class ReprocessTests
{
    private static readonly string[] Pdfs = ["rotation-page2-rotate90.pdf", "two-column-narrow-gutter-report-2p.pdf"];

    [Fact]
    public async Task Changing_max_tokens_reprocesses_both_documents_at_the_next_sync_and_their_chunks_change()
    {
        using var folder = Corpus.CopyToTemp(Pdfs);
        await using var harness = await PipelineHarness.CreateAsync("reprocess_chunking", jobs => WriteJob(jobs, folder.Path, ""));
        await SyncAsync(harness);
        var before = await harness.ChunkIdsAsync();
        Assert.True(await harness.ScalarAsync<int>("SELECT max(token_count) FROM pipeline.chunks") > 48, "the sample needs chunks over the new budget");

        WriteJob(harness.Jobs, folder.Path, """, "chunking": { "maxTokens": 48 }""");
        await using var restarted = harness.Restarted();
        var second = await SyncAsync(restarted);

        Assert.True(second.Documents.Changed == 2 && second.Documents.Unchanged == 0, JsonSerializer.Serialize(second));
        Assert.Equal(2, await ReprocessedAsync(restarted, second));
        var after = await restarted.ChunkIdsAsync();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.NotEqual(before["two-column-narrow-gutter-report-2p.pdf"], after["two-column-narrow-gutter-report-2p.pdf"]);
        Assert.True(await restarted.ScalarAsync<int>("SELECT max(token_count) FROM pipeline.chunks") <= 48);
        Assert.Equal(2L, await restarted.ScalarAsync<long>("SELECT count(*) FROM pipeline.documents WHERE fingerprint = @f",
            ("f", JobIngestion.FingerprintFor(restarted.Services.GetRequiredService<JobCatalog>().Get("docs")))));

        // Done once: the sync after that finds every document current again.
        var third = await SyncAsync(restarted);
        Assert.True(third.Documents.Unchanged == 2 && third.EmbeddingsComputed == 0 && third.ChunksWritten == 0, JsonSerializer.Serialize(third));
        Assert.Equal(0, await ReprocessedAsync(restarted, third));
    }

    [Fact]
    public async Task An_unchanged_job_reprocesses_nothing_even_when_its_file_spells_out_the_defaults()
    {
        using var folder = Corpus.CopyToTemp(Pdfs);
        await using var harness = await PipelineHarness.CreateAsync("reprocess_unchanged", jobs => WriteJob(jobs, folder.Path, ""));
        await SyncAsync(harness);
        var before = await harness.ChunkIdsAsync();

        // The same settings written out: the fingerprint hashes values, not how the file is written.
        WriteJob(harness.Jobs, folder.Path, """, "quality": { "chunkTooShort": { "minTokens": 3 }, "maxStoredWarningsPerRun": 5 }, "chunking": { "overlapPercent": 10, "maxTokens": 384 }""");
        await using var restarted = harness.Restarted();
        var second = await SyncAsync(restarted);

        Assert.True(second.Documents.Unchanged == 2 && second.ChunksWritten == 0 && second.EmbeddingsComputed == 0, JsonSerializer.Serialize(second));
        Assert.Equal(0, await ReprocessedAsync(restarted, second));
        Assert.Equal(before, await restarted.ChunkIdsAsync());
    }

    [Fact]
    public async Task A_quality_rule_change_alone_reprocesses_and_chunks_that_come_out_the_same_keep_their_vectors()
    {
        using var folder = Corpus.CopyToTemp(Pdfs);
        await using var harness = await PipelineHarness.CreateAsync("reprocess_quality", jobs => WriteJob(jobs, folder.Path, ""));
        var first = await SyncAsync(harness);
        var before = await harness.ChunkIdsAsync();

        // A warning threshold: it changes what is reported, not which chunks are kept.
        WriteJob(harness.Jobs, folder.Path, """, "quality": { "chunkTooShort": { "minTokens": 4 } }""");
        await using var restarted = harness.Restarted();
        var second = await SyncAsync(restarted);

        Assert.True(second.Documents.Changed == 2 && second.ChunksWritten == first.ChunksWritten, JsonSerializer.Serialize(second));
        Assert.Equal(2, await ReprocessedAsync(restarted, second));
        Assert.Equal(0, second.EmbeddingsComputed);
        Assert.Equal(first.ChunksWritten, second.EmbeddingsReused);
        Assert.Equal(before, await restarted.ChunkIdsAsync());
    }

    [Fact]
    public async Task A_changed_jira_job_lists_the_whole_site_at_its_next_sync_so_unchanged_issues_are_reprocessed()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(3);
        var patVar = $"TEST_JIRA_PAT_{Guid.NewGuid().ToString("N").ToUpperInvariant()}";
        Environment.SetEnvironmentVariable(patVar, "the-token");
        jira.RequirePersonalAccessToken("the-token");
        void WriteJira(TempFolder jobs, string settings) => File.WriteAllText(jobs.File("jira.json"), $$"""
            { "name": "jira-fix", "schedule": "0 * * * *",
              "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "jql": "project = FIX", "patEnv": "{{patVar}}" }{{settings}} }
            """);
        await using var harness = await PipelineHarness.CreateAsync("reprocess_jira", jobs => WriteJira(jobs, ""));
        var first = await harness.Services.GetRequiredService<JobIngestion>().RunAsync("jira-fix", "test", null, CancellationToken.None);
        Assert.Equal(("full", 3), (first.Mode, first.Documents.New));

        // Nothing changed on the site, so an incremental listing would name no issue at all.
        WriteJira(harness.Jobs, """, "quality": { "chunkTooShort": { "minTokens": 4 } }""");
        await using var restarted = harness.Restarted();
        var second = await restarted.Services.GetRequiredService<JobIngestion>().RunAsync("jira-fix", "test", null, CancellationToken.None);

        Assert.True(second.Mode == "full" && second.Documents.Changed == 3, JsonSerializer.Serialize(second));
        Assert.Equal(3, await ReprocessedAsync(restarted, second));
        Assert.Equal(0, second.EmbeddingsComputed);
        var third = await restarted.Services.GetRequiredService<JobIngestion>().RunAsync("jira-fix", "test", null, CancellationToken.None);
        Assert.Equal(("incremental", 0), (third.Mode, third.Documents.Changed));
    }

    private static void WriteJob(TempFolder jobs, string folder, string settings) => File.WriteAllText(jobs.File("docs.json"), $$"""
        {
          "name": "docs",
          "schedule": "0 2 * * *",
          "source": { "kind": "pdf-folder", "path": {{JsonSerializer.Serialize(folder)}} }{{settings}}
        }
        """);

    private static Task<RunSummary> SyncAsync(PipelineHarness harness) =>
        harness.Services.GetRequiredService<JobIngestion>().RunAsync("docs", "test", null, CancellationToken.None);

    /// <summary>From the stored run, as the dashboard and <c>runs</c> read it; -1 when the summary has no such count.</summary>
    private static Task<int> ReprocessedAsync(PipelineHarness harness, RunSummary run) => harness.ScalarAsync<int>(
        "SELECT coalesce((summary -> 'documents' ->> 'reprocessed')::int, -1) FROM pipeline.runs WHERE id = @id", ("id", run.RunId));
}
