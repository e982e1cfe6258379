using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage;

namespace Pipeline.Host.Tests.Faults;

/// <summary>The advisory locks between processes; two data sources stand for two processes (separate pools and sessions).</summary>
public sealed class DocumentLockTests
{
    [Fact]
    public async Task A_document_lock_makes_another_process_wait_until_it_is_released()
    {
        var connectionString = await TestCluster.CreateDatabaseAsync("doclock");
        await using var first = PipelineDataSource.Create(connectionString);
        await using var second = PipelineDataSource.Create(connectionString);

        var held = await SourceLock.ForDocumentAsync(first, "pdf:job", "a.pdf", CancellationToken.None);
        var waiting = SourceLock.ForDocumentAsync(second, "pdf:job", "a.pdf", CancellationToken.None);
        await using (var other = await SourceLock.ForDocumentAsync(second, "pdf:job", "b.pdf", CancellationToken.None))
        {
            // Another document of the same source is not held up.
        }
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();
        await using var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_second_sync_of_a_source_fails_at_once_from_the_cli_and_waits_under_hangfire()
    {
        var connectionString = await TestCluster.CreateDatabaseAsync("srclock");
        await using var first = PipelineDataSource.Create(connectionString);
        await using var second = PipelineDataSource.Create(connectionString);

        var held = await SourceLock.AcquireAsync(first, "pdf:job", wait: false, CancellationToken.None);
        await Assert.ThrowsAsync<SourceBusyException>(() => SourceLock.AcquireAsync(second, "pdf:job", wait: false, CancellationToken.None));
        var waiting = SourceLock.AcquireAsync(second, "pdf:job", wait: true, CancellationToken.None);
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();
        await using var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_full_sync_deletes_a_vanished_document_only_after_its_reingestion_and_keeps_it_when_that_stored_it()
    {
        using var folder = Corpus.CopyToTemp("arabic-rtl-word-doc.pdf", "rotation-page2-rotate90.pdf");
        await using var harness = await PipelineHarness.CreateAsync("vanished");
        await harness.IngestFolderAsync(folder.Path);
        var source = await harness.ScalarAsync<string>("SELECT min(source) FROM pipeline.documents");
        File.Delete(Path.Combine(folder.Path, "rotation-page2-rotate90.pdf"));
        await using var webhook = PipelineDataSource.Create(harness.ConnectionString);

        // A webhook re-ingestion holds the document (the source had it again when the webhook read it).
        var held = await SourceLock.ForDocumentAsync(webhook, source, "rotation-page2-rotate90.pdf", CancellationToken.None);
        var sync = harness.IngestFolderAsync(folder.Path);
        await Task.Delay(1000);
        var waited = !sync.IsCompleted;
        await using (var write = webhook.CreateCommand("UPDATE pipeline.documents SET updated_at = now() WHERE external_id = 'rotation-page2-rotate90.pdf'"))
        {
            await write.ExecuteNonQueryAsync();
        }
        await held.DisposeAsync();
        var kept = await sync;
        var later = await harness.IngestFolderAsync(folder.Path);

        Assert.True(waited, "the sync deleted the document while a re-ingestion held it");
        Assert.Equal(0, kept.Documents.Deleted);
        Assert.Equal(1, later.Documents.Deleted);
        Assert.Equal("arabic-rtl-word-doc.pdf", await harness.ScalarAsync<string>("SELECT string_agg(external_id, ',') FROM pipeline.documents"));
    }
}
