using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Chunking;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Ingestion;

public sealed class SingleDocumentTests
{
    [Fact]
    public async Task Reingesting_one_document_picks_up_its_change_and_a_vanished_one_is_deleted()
    {
        using var folder = Corpus.CopyToTemp("rotation-page2-rotate90.pdf", "corrupt-broken-xref-offsets-gdrive.pdf");
        await using var harness = await PipelineHarness.CreateAsync("single");
        await harness.IngestFolderAsync(folder.Path);
        var runner = harness.Services.GetRequiredService<IngestionRunner>();
        var request = new IngestionRequest("test", SourceRegistry.AdHocPdfFolder(folder.Path, null), new ChunkingOptions(), "webhook");

        var unchanged = await runner.RunOneAsync(request, "rotation-page2-rotate90.pdf", CancellationToken.None);
        File.Copy(Corpus.Pdf("encrypted-owner-only-nocopy.pdf"), folder.File("rotation-page2-rotate90.pdf"), overwrite: true);
        var changed = await runner.RunOneAsync(request, "rotation-page2-rotate90.pdf", CancellationToken.None);
        File.Delete(folder.File("corrupt-broken-xref-offsets-gdrive.pdf"));
        var deleted = await runner.RunOneAsync(request, "corrupt-broken-xref-offsets-gdrive.pdf", CancellationToken.None);

        Assert.Equal((1, 0, 0), (unchanged.Documents.Unchanged, unchanged.EmbeddingsComputed, (int)unchanged.ChunksWritten));
        Assert.Equal(1, changed.Documents.Changed);
        Assert.True(changed.EmbeddingsComputed > 0);
        Assert.Equal(1, deleted.Documents.Deleted);
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.documents WHERE external_id = 'corrupt-broken-xref-offsets-gdrive.pdf'"));
        Assert.Equal("document", await harness.ScalarAsync<string>("SELECT mode FROM pipeline.runs WHERE id = @id", ("id", deleted.RunId)));
    }

    [Fact]
    public async Task An_id_that_climbs_out_of_the_folder_is_treated_as_gone()
    {
        using var folder = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        await using var harness = await PipelineHarness.CreateAsync("escape");
        var runner = harness.Services.GetRequiredService<IngestionRunner>();
        var request = new IngestionRequest("test", SourceRegistry.AdHocPdfFolder(folder.Path, null), new ChunkingOptions(), "webhook");

        var summary = await runner.RunOneAsync(request, "../../etc/passwd", CancellationToken.None);

        Assert.Equal(0, summary.Documents.Seen);
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.documents"));
    }
}
