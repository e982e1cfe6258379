using Pipeline.Core.Documents;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Extraction.Tests.Ocr;

/// <summary>Scans and other pages without a usable text layer, OCR'd with real pdftoppm and Tesseract.</summary>
public sealed class ScannedDocumentTests(CorpusExtraction corpus) : IClassFixture<CorpusExtraction>
{
    [Theory]
    [InlineData("scan-linn-brochure-2col.pdf", "The LinnSequencer is a state-of-the-art composition and performance tool")]
    [InlineData("scan-huckleberry-finn-p22.pdf", "tip-toeing along a path amongst the trees")] // the drop cap reads "Wer went"
    [InlineData("scan-table-image-only.pdf", "Chipper")]
    [InlineData("scan-typed-memo-bad-ocr-layer.pdf", "SUGAR RESEARCH FOUNDATION")]
    [InlineData("vector-text-as-curves-no-fonts.pdf", "Sample Vector PDF for Testing")]
    public async Task Scanned_file_yields_its_printed_text(string file, string expected)
    {
        var document = await SucceedAsync(file);

        Assert.Contains(CorpusText.Normalise(expected), CorpusText.Of(document));
        Assert.All(document.PageDetails, p => Assert.Equal(PageTextSource.Ocr, p.Source));
    }

    [Fact]
    public async Task Rotated_scans_are_read_upright_whatever_their_rotation()
    {
        // Pages 2-4 hold the page image turned by 90, 180 and 270 degrees, without a /Rotate to say so. (The
        // title and the short intro are on all four pages, so they are dropped as running text: the check uses
        // a long paragraph.)
        var document = await SucceedAsync("scan-cardinal-rotations-4p.pdf");

        for (var page = 1; page <= 4; page++)
        {
            var text = CorpusText.Of(document, page);
            Assert.Contains("the technology you use should never be so complex that it interferes with the creative process", text);
            Assert.Contains("precisely why the linnsequencer is", text);
            Assert.InRange(document.PageDetails[page - 1].OcrConfidence!.Value, 90, 100);
        }
    }

    [Fact]
    public async Task Ocr_confidence_is_recorded_per_page()
    {
        var document = await SucceedAsync("scan-linn-brochure-2col.pdf");

        var page = Assert.Single(document.PageDetails);
        Assert.Equal(PageTextSource.Ocr, page.Source);
        Assert.InRange(page.OcrConfidence!.Value, 50, 100);
        Assert.Equal("no text layer", page.Note);
        Assert.True(page.Characters > 1000, $"only {page.Characters} characters");
    }

    [Fact]
    public async Task Garbage_ocr_layer_is_replaced_by_fresh_ocr()
    {
        var document = await SucceedAsync("scan-typed-memo-bad-ocr-layer.pdf");

        var text = CorpusText.Of(document);
        Assert.DoesNotContain("tanntxim", text);
        Assert.Contains("desiring to keep you posted on the progress of the foundation", text);
        Assert.StartsWith("garbled text layer (", Assert.Single(document.PageDetails).Note);
    }

    [Fact]
    public async Task Honest_ocr_layer_is_kept_and_not_ocred_again()
    {
        var extracted = await corpus.ExtractAsync("scan-vicksburg-with-ocr-layer-6p.pdf");
        var document = Succeeded(extracted, "scan-vicksburg-with-ocr-layer-6p.pdf");

        Assert.Equal(0, extracted.OcrCalls);
        Assert.All(document.PageDetails, p => Assert.Equal(PageTextSource.TextLayer, p.Source));
        Assert.Contains("eichmond", CorpusText.Of(document)); // the layer's own OCR error proves it is the layer
    }

    [Fact]
    public async Task Mixed_document_ocrs_only_its_scanned_page()
    {
        var extracted = await corpus.ExtractAsync("mixed-derived-bedrails-text-scan-text.pdf");
        var document = Succeeded(extracted, "mixed-derived-bedrails-text-scan-text.pdf");

        Assert.Equal(1, extracted.OcrCalls);
        Assert.Equal(
            [PageTextSource.TextLayer, PageTextSource.TextLayer, PageTextSource.Ocr, PageTextSource.TextLayer],
            document.PageDetails.Select(p => p.Source));
        Assert.Contains("tip-toeing", CorpusText.Of(document, page: 3));
        Assert.Contains(document.Blocks, b => b.PageStart == 4);
        Assert.Equal("3", document.Metadata["ocr-pages"]);
        Assert.False(document.Metadata.ContainsKey("pages-without-text"));
    }

    [Fact]
    public async Task Font_without_unicode_mapping_is_ocred()
    {
        // The text layer says "7+%- where the page shows Phone.
        var document = await SucceedAsync("no-tounicode-truetype-garbled.pdf");

        Assert.Contains("phone", CorpusText.Of(document));
        Assert.Equal(PageTextSource.Ocr, Assert.Single(document.PageDetails).Source);
    }

    [Fact]
    public async Task Blank_page_is_not_ocred_and_fails_as_no_text()
    {
        var extracted = await corpus.ExtractAsync("blank-page-no-contents.pdf");

        Assert.False(extracted.Result.Succeeded);
        Assert.Equal(PdfFailureReason.NoText, extracted.Result.Failure.Reason);
        Assert.Equal(0, extracted.OcrCalls);
    }

    private async Task<SourceDocument> SucceedAsync(string file) => Succeeded(await corpus.ExtractAsync(file), file);

    private static SourceDocument Succeeded(Extracted extracted, string file)
    {
        Assert.True(extracted.Result.Succeeded, $"{file}: {extracted.Result.Failure?.Reason} {extracted.Result.Failure?.Message}");
        return extracted.Result.Document;
    }
}
