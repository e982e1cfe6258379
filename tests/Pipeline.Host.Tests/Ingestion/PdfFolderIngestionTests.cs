using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Ingestion;

/// <summary>End to end on real corpus PDFs, real model, real PostgreSQL + pgvector.</summary>
public sealed class PdfFolderIngestionTests
{
    private static readonly string[] BornDigital =
    [
        "dpr-paper-two-column.pdf",
        "rotation-page2-rotate90.pdf",
        "corrupt-broken-xref-offsets-gdrive.pdf",
        "encrypted-owner-only-nocopy.pdf",
    ];

    [Fact]
    public async Task First_ingest_stores_chunks_with_vectors_of_the_configured_model()
    {
        using var folder = Corpus.CopyToTemp(BornDigital);
        await using var harness = await PipelineHarness.CreateAsync("first_ingest");

        var summary = await harness.IngestFolderAsync(folder.Path);

        Assert.True(summary.Documents.New == 4, System.Text.Json.JsonSerializer.Serialize(summary));
        Assert.Equal(0, summary.Documents.Failed);
        Assert.True(summary.ChunksWritten >= 10, $"only {summary.ChunksWritten} chunks");
        Assert.Equal(summary.ChunksWritten, summary.EmbeddingsComputed + summary.EmbeddingsReused);
        Assert.Equal(0, summary.Truncated);
        var model = SharedEmbedder.Value.Model;
        Assert.Equal(summary.ChunksWritten, await harness.ScalarAsync<long>(
            "SELECT count(*) FROM pipeline.chunk_vectors WHERE model = @id AND model_sha256 = @sha AND vector_dims(embedding) = 384",
            ("id", model.Id), ("sha", model.Sha256)));
        Assert.Equal(4L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.documents WHERE status = 'indexed' AND content_hash IS NOT NULL"));
        Assert.Equal("succeeded", await harness.ScalarAsync<string>("SELECT status FROM pipeline.runs WHERE id = @id", ("id", summary.RunId)));
    }

    [Fact]
    public async Task Reingesting_an_unchanged_folder_embeds_nothing_and_keeps_chunk_ids()
    {
        using var folder = Corpus.CopyToTemp(BornDigital);
        await using var harness = await PipelineHarness.CreateAsync("unchanged");
        await harness.IngestFolderAsync(folder.Path);
        var before = await harness.ChunkIdsAsync();

        var second = await harness.IngestFolderAsync(folder.Path);

        Assert.Equal(0, second.EmbeddingsComputed);
        Assert.Equal(0, second.ChunksWritten);
        Assert.Equal(4, second.Documents.Unchanged);
        Assert.Equal(0, second.Documents.New + second.Documents.Changed + second.Documents.Deleted + second.Documents.Failed);
        Assert.Equal(before, await harness.ChunkIdsAsync());
    }

    [Fact]
    public async Task Changing_one_file_replaces_only_that_documents_chunks()
    {
        using var folder = Corpus.CopyToTemp(BornDigital);
        await using var harness = await PipelineHarness.CreateAsync("changed");
        await harness.IngestFolderAsync(folder.Path);
        var before = await harness.ChunkIdsAsync();

        // New content under the same name: a different real PDF.
        File.Copy(Corpus.Pdf("arabic-rtl-word-doc.pdf"), folder.File("rotation-page2-rotate90.pdf"), overwrite: true);
        var summary = await harness.IngestFolderAsync(folder.Path);

        Assert.Equal(1, summary.Documents.Changed);
        Assert.Equal(3, summary.Documents.Unchanged);
        var after = await harness.ChunkIdsAsync();
        foreach (var unchanged in BornDigital.Where(n => n != "rotation-page2-rotate90.pdf"))
        {
            Assert.Equal(before[unchanged], after[unchanged]);
        }
        Assert.Empty(before["rotation-page2-rotate90.pdf"].Intersect(after["rotation-page2-rotate90.pdf"]));
        Assert.Equal(summary.ChunksWritten, after["rotation-page2-rotate90.pdf"].Count);
    }

    [Fact]
    public async Task Removing_a_file_deletes_its_document_and_chunks_on_the_next_sync()
    {
        using var folder = Corpus.CopyToTemp(BornDigital);
        await using var harness = await PipelineHarness.CreateAsync("removed");
        await harness.IngestFolderAsync(folder.Path);
        var removedDocumentId = await harness.ScalarAsync<long>(
            "SELECT id FROM pipeline.documents WHERE external_id = 'dpr-paper-two-column.pdf'");

        File.Delete(folder.File("dpr-paper-two-column.pdf"));
        var summary = await harness.IngestFolderAsync(folder.Path);

        Assert.Equal(1, summary.Documents.Deleted);
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.documents WHERE external_id = 'dpr-paper-two-column.pdf'"));
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunks WHERE document_id = @id", ("id", removedDocumentId)));
        Assert.Equal(3L, await harness.ScalarAsync<long>("SELECT count(DISTINCT document_id) FROM pipeline.chunks"));
    }

    [Fact]
    public async Task A_corrupt_pdf_fails_only_that_document_with_its_reason_in_the_summary_and_run_table()
    {
        using var folder = Corpus.CopyToTemp("rotation-page2-rotate90.pdf", "malformed-header-and-eof-only.pdf", "empty-zero-bytes.pdf");
        await using var harness = await PipelineHarness.CreateAsync("corrupt");

        var summary = await harness.IngestFolderAsync(folder.Path);

        Assert.Equal(3, summary.Documents.Seen);
        Assert.Equal(1, summary.Documents.New);
        Assert.Equal(2, summary.Documents.Failed);
        Assert.Contains(summary.Failures, f => f.Document == "malformed-header-and-eof-only.pdf" && f.Reason == "corrupt" && f.Message.Length > 0);
        Assert.Contains(summary.Failures, f => f.Document == "empty-zero-bytes.pdf" && f.Reason == "empty");
        Assert.Equal("corrupt", await harness.ScalarAsync<string>(
            "SELECT reason FROM pipeline.run_failures WHERE run_id = @run AND external_id = 'malformed-header-and-eof-only.pdf'", ("run", summary.RunId)));
        Assert.Equal("failed", await harness.ScalarAsync<string>(
            "SELECT status FROM pipeline.documents WHERE external_id = 'malformed-header-and-eof-only.pdf'"));
        Assert.True(await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunks") > 0);
    }

    [Fact]
    public async Task Encrypted_pdf_is_quarantined_without_a_password_and_indexed_with_it()
    {
        using var folder = Corpus.CopyToTemp("encrypted-rc4-userpw-test.pdf");
        await using var harness = await PipelineHarness.CreateAsync("encrypted");

        var locked = await harness.IngestFolderAsync(folder.Path);
        var unlocked = await harness.IngestFolderAsync(folder.Path, password: "test");

        Assert.Equal("encrypted", Assert.Single(locked.Failures).Reason);
        Assert.Equal(1, unlocked.Documents.New);
        Assert.True(unlocked.ChunksWritten > 0);
    }

    [Fact]
    public async Task A_run_cancelled_midway_and_run_again_equals_a_clean_run()
    {
        using var folder = Corpus.CopyToTemp(BornDigital);
        await using var clean = await PipelineHarness.CreateAsync("clean");
        await clean.IngestFolderAsync(folder.Path);
        await using var interrupted = await PipelineHarness.CreateAsync("interrupted");

        using var cancel = new CancellationTokenSource();
        var first = interrupted.IngestFolderAsync(folder.Path, cancel.Token);
        // Cancel as soon as the first document is committed, like a worker killed between documents.
        while (await interrupted.ScalarAsync<long>("SELECT count(*) FROM pipeline.documents") == 0 && !first.IsCompleted)
        {
            await Task.Delay(20);
        }
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal("failed", await interrupted.ScalarAsync<string>("SELECT status FROM pipeline.runs ORDER BY id LIMIT 1"));

        await interrupted.IngestFolderAsync(folder.Path);

        Assert.Equal(await clean.ChunkIdsAsync(), await interrupted.ChunkIdsAsync());
        Assert.Equal(0L, await interrupted.ScalarAsync<long>("SELECT count(*) FROM pipeline.runs WHERE status = 'running'"));
    }
}
