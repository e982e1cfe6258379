using Microsoft.Extensions.DependencyInjection;
using Pipeline.Connectors.Pdf;
using Pipeline.Core.Chunking;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Ingestion;

public sealed class BadFileTests
{
    [Fact]
    public async Task A_text_file_named_pdf_and_a_file_over_the_size_limit_are_quarantined_while_the_rest_ingests()
    {
        using var folder = Corpus.CopyToTemp("rotation-page2-rotate90.pdf", "dpr-paper-two-column.pdf");
        File.WriteAllText(folder.File("notes.pdf"), "These are meeting notes saved with the wrong extension.\n");
        await using var harness = await PipelineHarness.CreateAsync("badfiles");
        // The DPR paper (383 KB) is over a 100 KB limit; the rotation sample (7 KB) is not.
        var source = new PdfFolderSource("pdf:badfiles", new PdfFolderOptions { Folder = folder.Path, MaxFileBytes = 100 * 1024 });

        var summary = await harness.Services.GetRequiredService<IngestionRunner>()
            .RunAsync(new IngestionRequest("badfiles", source, new ChunkingOptions(), "test"), null, CancellationToken.None);

        Assert.Equal((3, 1, 2), (summary.Documents.Seen, summary.Documents.New, summary.Documents.Failed));
        Assert.Contains(summary.Failures, f => f.Document == "notes.pdf" && f.Reason == "corrupt");
        Assert.Contains(summary.Failures, f => f.Document == "dpr-paper-two-column.pdf" && f.Reason == "too-large" && f.Message.Contains("limit"));
        Assert.Equal(2L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.documents WHERE status = 'failed'"));
    }
}
