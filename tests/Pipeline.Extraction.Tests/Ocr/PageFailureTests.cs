using System.Diagnostics;
using Pipeline.Core.Documents;
using Pipeline.Extraction.Ocr;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Extraction.Tests.Ocr;

/// <summary>A page that cannot be OCR'd is recorded and skipped; the rest of the document goes on.</summary>
public sealed class PageFailureTests
{
    private const string Mixed = "mixed-derived-bedrails-text-scan-text.pdf";
    private const string Scan = "scan-linn-brochure-2col.pdf";

    [Theory]
    [InlineData(1)]
    [InlineData(50)] // long enough for pdftoppm to be running when it is killed
    public async Task Page_that_times_out_is_skipped_and_the_document_still_returns(int milliseconds)
    {
        var options = new OcrOptions { PageTimeout = TimeSpan.FromMilliseconds(milliseconds) };
        var extractor = new PdfTextExtractor(options, new TesseractCliEngine(options));
        var clock = Stopwatch.StartNew();

        var result = await extractor.ExtractFileAsync(RepositoryPaths.CorpusPdf(Scan), Scan);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.False(result.Succeeded);
        Assert.Equal(PdfFailureReason.NoText, result.Failure.Reason);
        Assert.Contains($"page 1: no text layer; ocr timeout after {milliseconds / 1000.0:0.###} s", result.Failure.Message);
    }

    [Fact]
    public async Task Timed_out_page_of_a_mixed_document_is_recorded_with_a_note()
    {
        var options = new OcrOptions { PageTimeout = TimeSpan.FromMilliseconds(1) };
        var extractor = new PdfTextExtractor(options, new TesseractCliEngine(options));

        var document = await SucceedAsync(extractor, Mixed);

        var page = document.PageDetails[2];
        Assert.Equal(PageTextSource.Skipped, page.Source);
        Assert.Equal("no text layer; ocr timeout after 0.001 s", page.Note);
        Assert.Equal(0, page.Characters);
        Assert.Contains(document.Blocks, b => b.PageStart == 4);
        Assert.Equal("3", document.Metadata["pages-without-text"]);
    }

    [Fact]
    public async Task Page_the_engine_fails_on_is_skipped_with_the_engines_message()
    {
        var document = await SucceedAsync(new PdfTextExtractor(new OcrOptions(), new FailingOcrEngine()), Mixed);

        var page = document.PageDetails[2];
        Assert.Equal(PageTextSource.Skipped, page.Source);
        Assert.Equal("no text layer; ocr failed: tesseract exited with code 1: Error in pixReadStream", page.Note);
    }

    [Fact]
    public async Task Without_ocr_image_only_pages_are_skipped_as_ocr_disabled()
    {
        var document = await SucceedAsync(new PdfTextExtractor(), Mixed);

        Assert.Equal(
            [PageTextSource.TextLayer, PageTextSource.TextLayer, PageTextSource.Skipped, PageTextSource.TextLayer],
            document.PageDetails.Select(p => p.Source));
        Assert.Equal("no text layer; ocr disabled", document.PageDetails[2].Note);
    }

    [Fact]
    public async Task Without_ocr_a_garbled_text_layer_is_not_indexed()
    {
        var extractor = new PdfTextExtractor(new OcrOptions { Enabled = false }, new FailingOcrEngine());

        var result = await extractor.ExtractFileAsync(RepositoryPaths.CorpusPdf("scan-typed-memo-bad-ocr-layer.pdf"), "memo.pdf");

        Assert.False(result.Succeeded);
        Assert.Equal(PdfFailureReason.NoText, result.Failure.Reason);
        Assert.Contains("garbled text layer", result.Failure.Message);
    }

    [Fact]
    public async Task Missing_language_pack_fails_the_document_naming_the_package()
    {
        var options = new OcrOptions { Languages = "eng+qaa_missing" };
        var extractor = new PdfTextExtractor(options, new TesseractCliEngine(options));
        const string fourPages = "scan-cardinal-rotations-4p.pdf"; // pages fail in parallel; one clear reason comes back

        var result = await extractor.ExtractFileAsync(RepositoryPaths.CorpusPdf(fourPages), fourPages);

        Assert.False(result.Succeeded);
        Assert.Equal(PdfFailureReason.OcrUnavailable, result.Failure.Reason);
        Assert.Contains("tesseract-ocr-qaa-missing", result.Failure.Message);
    }

    [Fact]
    public async Task Missing_tesseract_fails_the_document_saying_what_to_install()
    {
        var options = new OcrOptions { TesseractPath = "/nonexistent/tesseract" };
        var extractor = new PdfTextExtractor(options, new TesseractCliEngine(options));

        var result = await extractor.ExtractFileAsync(RepositoryPaths.CorpusPdf(Scan), Scan);

        Assert.Equal(PdfFailureReason.OcrUnavailable, result.Failure?.Reason);
        Assert.Contains("install tesseract-ocr", result.Failure!.Message);
    }

    [Fact]
    public async Task Cancellation_stops_ocr()
    {
        var options = new OcrOptions();
        var extractor = new PdfTextExtractor(options, new TesseractCliEngine(options));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => extractor.ExtractFileAsync(RepositoryPaths.CorpusPdf(Scan), Scan, cancellationToken: cancellation.Token));
    }

    private static async Task<SourceDocument> SucceedAsync(PdfTextExtractor extractor, string file)
    {
        var result = await extractor.ExtractFileAsync(RepositoryPaths.CorpusPdf(file), file);
        Assert.True(result.Succeeded, $"{file}: {result.Failure?.Reason} {result.Failure?.Message}");
        return result.Document;
    }
}
