using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Ingestion;

/// <summary>Mixed folders through the whole pipeline: real Tesseract, real pdftoppm, real database.</summary>
public sealed class OcrIngestionTests
{
    [Fact]
    public async Task Scanned_pages_are_ocred_and_recorded_per_page_while_born_digital_pages_keep_their_text_layer()
    {
        using var folder = Corpus.CopyToTemp("scan-linn-brochure-2col.pdf", "mixed-derived-bedrails-text-scan-text.pdf", "rotation-page2-rotate90.pdf");
        await using var harness = await PipelineHarness.CreateAsync("ocr");

        var summary = await harness.IngestFolderAsync(folder.Path);

        Assert.Equal(3, summary.Documents.New);
        Assert.Equal(2, summary.OcrPages);
        Assert.Equal(1L, await harness.ScalarAsync<long>(
            "SELECT count(*) FROM pipeline.document_pages p JOIN pipeline.documents d ON d.id = p.document_id WHERE d.external_id = 'scan-linn-brochure-2col.pdf' AND p.text_source = 'ocr' AND p.ocr_confidence > 50"));
        Assert.Equal("3", string.Join(",", await PagesAsync(harness, "mixed-derived-bedrails-text-scan-text.pdf", "ocr")));
        Assert.Equal("1,2,4", string.Join(",", await PagesAsync(harness, "mixed-derived-bedrails-text-scan-text.pdf", "text-layer")));
        Assert.Equal("1,2", string.Join(",", await PagesAsync(harness, "rotation-page2-rotate90.pdf", "text-layer")));

        var linnText = await harness.ScalarAsync<string>(
            "SELECT string_agg(c.text, ' ') FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id WHERE d.external_id = 'scan-linn-brochure-2col.pdf'");
        Assert.Contains("LinnSequencer", linnText);
        var scannedPageChunks = await harness.ScalarAsync<long>(
            "SELECT count(*) FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id WHERE d.external_id = 'mixed-derived-bedrails-text-scan-text.pdf' AND c.page_start <= 3 AND c.page_end >= 3 AND c.text ILIKE '%tip-toeing%'");
        Assert.True(scannedPageChunks >= 1);
    }

    [Fact]
    public async Task No_stored_chunk_exceeds_the_token_budget_and_none_was_truncated()
    {
        using var folder = Corpus.CopyToTemp("nrc-owners-of-nuclear-plants-tables-90p.pdf", "federal-register-2020-17221-3col.pdf");
        await using var harness = await PipelineHarness.CreateAsync("budget");

        var summary = await harness.IngestFolderAsync(folder.Path);

        Assert.True(summary.ChunksWritten > 50);
        Assert.Equal(0, summary.Truncated);
        Assert.InRange(await harness.ScalarAsync<int>("SELECT max(token_count) FROM pipeline.chunks"), 1, 384);
        // The stored count is the model tokenizer's count of what was embedded: the clean text plus the heading path.
        var (text, count) = await LargestChunkAsync(harness);
        Assert.InRange(SharedEmbedder.Value.CountTokens(text), 1, count);
    }

    private static async Task<(string Text, int TokenCount)> LargestChunkAsync(PipelineHarness harness)
    {
        await using var command = harness.DataSource.CreateCommand("SELECT text, token_count FROM pipeline.chunks ORDER BY token_count DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetInt32(1));
    }

    private static async Task<List<int>> PagesAsync(PipelineHarness harness, string document, string source)
    {
        var pages = new List<int>();
        await using var command = harness.DataSource.CreateCommand(
            "SELECT p.page FROM pipeline.document_pages p JOIN pipeline.documents d ON d.id = p.document_id WHERE d.external_id = @doc AND p.text_source = @source ORDER BY p.page");
        command.Parameters.AddWithValue("doc", document);
        command.Parameters.AddWithValue("source", source);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pages.Add(reader.GetInt32(0));
        }
        return pages;
    }
}
