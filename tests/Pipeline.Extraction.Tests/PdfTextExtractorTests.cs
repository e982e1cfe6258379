using Pipeline.Core.Documents;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Extraction.Tests;

/// <summary>Behaviour on real-world files from the shared corpus (see shared/corpus/pdf/SOURCES.md).</summary>
public sealed class PdfTextExtractorTests
{
    private readonly PdfTextExtractor _extractor = new();

    [Fact]
    public void Two_column_paper_reads_column_by_column()
    {
        var document = Succeed("dpr-paper-two-column.pdf");
        var firstPage = string.Join("\n", document.Blocks.Where(b => b.PageStart == 1).Select(b => b.Text));

        // This sentence runs over four lines of the left column; read across the page, each of its lines
        // would be followed by a line of the right column.
        Assert.Contains(
            "is a task that answers factoid questions using a large collection of documents. While early QA systems " +
            "are often complicated and consist of multiple components",
            firstPage);

        // The left column's last paragraph ends before the right column begins.
        var leftEnd = firstPage.IndexOf("indicating the needs of improving retrieval.", StringComparison.Ordinal);
        var rightStart = firstPage.IndexOf("Retrieval in open-domain QA is usually implemented", StringComparison.Ordinal);
        Assert.InRange(leftEnd, 0, rightStart);
    }

    [Theory]
    [InlineData("encrypted-owner-only-nocopy.pdf")]
    [InlineData("dpr-paper-two-column.pdf")]
    public void Extracting_the_same_file_twice_gives_identical_blocks(string file)
    {
        // Re-runs must not re-chunk an unchanged file differently (PdfPig's parallel layout analysis once did).
        var first = Succeed(file);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(first.ContentHash(), Succeed(file).ContentHash());
        }
    }

    [Fact]
    public void Zero_width_spaces_are_removed()
    {
        // A Google Drive export with a zero-width space on either side of every real space.
        var document = Succeed("corrupt-broken-xref-offsets-gdrive.pdf");

        Assert.Contains(document.Blocks, b => b.Text == "This is the document title");
        Assert.DoesNotContain(document.Blocks, b => b.Text.Contains('\u200B'));
        Assert.Equal("This is the document title", document.Title);
    }

    [Fact]
    public void Encrypted_pdf_without_password_fails_with_reason_encrypted()
    {
        var failure = Fail("encrypted-rc4-userpw-test.pdf");

        Assert.Equal(PdfFailureReason.Encrypted, failure.Reason);
    }

    [Fact]
    public void Encrypted_pdf_with_wrong_password_fails_with_reason_encrypted()
    {
        var failure = Fail("encrypted-rc4-userpw-test.pdf", password: "not-the-password");

        Assert.Equal(PdfFailureReason.Encrypted, failure.Reason);
    }

    [Fact]
    public void Encrypted_pdf_opens_with_its_password()
    {
        var document = Succeed("encrypted-rc4-userpw-test.pdf", password: "test");

        Assert.StartsWith("Backup4all", document.Blocks[0].Text);
        Assert.Equal(4, document.Pages);
    }

    [Fact]
    public void Zero_byte_file_fails_with_reason_empty()
    {
        var failure = Fail("empty-zero-bytes.pdf");

        Assert.Equal(PdfFailureReason.Empty, failure.Reason);
    }

    [Fact]
    public void Header_only_file_fails_as_corrupt()
    {
        var failure = Fail("malformed-header-and-eof-only.pdf");

        Assert.Equal(PdfFailureReason.Corrupt, failure.Reason);
        Assert.Contains("xref", failure.Message); // PdfPig's own explanation is passed on
    }

    [Fact]
    public void Scanned_pdf_without_text_layer_fails_with_reason_no_text()
    {
        var failure = Fail("scan-linn-brochure-2col.pdf");

        Assert.Equal(PdfFailureReason.NoText, failure.Reason);
    }

    [Fact]
    public void Born_digital_pdf_yields_paragraph_blocks_with_page_numbers()
    {
        // Page 2 is rotated by 90 degrees. The file's non-embedded fonts also give every glyph the font's full
        // bounding box, which scrambles the word order unless the boxes are rebuilt from glyph advances.
        var document = Succeed("rotation-page2-rotate90.pdf");

        Assert.Equal(
            [
                Block.Paragraph("This is my first page with normal layout. This is the second line on the page.", 1),
                Block.Paragraph("This is my second page. It will have a landscape layout. Second line here.", 2),
            ],
            document.Blocks);
        Assert.Equal(2, document.Pages);
        Assert.Equal("2", document.Metadata["pages"]);
        Assert.Equal("Acrobat Distiller 8.1.0 (Windows)", document.Metadata["producer"]);
    }

    [Fact]
    public void Document_keeps_the_external_id_and_a_title_given_by_the_caller()
    {
        var result = _extractor.ExtractFile(
            RepositoryPaths.CorpusPdf("rotation-page2-rotate90.pdf"), "manuals/rotation.pdf", title: "Rotation test");

        Assert.True(result.Succeeded);
        Assert.Equal("manuals/rotation.pdf", result.Document.ExternalId);
        Assert.Equal("Rotation test", result.Document.Title);
    }

    [Fact]
    public void Generated_file_name_in_pdf_info_is_not_used_as_title()
    {
        // The Info title is "Microsoft Word - Document1"; with no heading the file name is the better title.
        var document = Succeed("rotation-page2-rotate90.pdf");

        Assert.Equal("rotation-page2-rotate90", document.Title);
    }

    [Fact]
    public void Pages_without_text_in_a_mixed_document_are_listed_for_ocr()
    {
        // Page 3 is an image-only scan between pages with a text layer.
        var document = Succeed("mixed-derived-bedrails-text-scan-text.pdf");

        Assert.Equal("3", document.Metadata["pages-without-text"]);
        Assert.Contains(document.Blocks, b => b.PageStart == 4);
    }

    [Fact]
    public void Non_seekable_stream_is_read_like_a_file()
    {
        using var file = File.OpenRead(RepositoryPaths.CorpusPdf("corrupt-broken-xref-offsets-gdrive.pdf"));
        using var stream = new ForwardOnlyStream(file);

        var result = _extractor.Extract(stream, "gdrive.pdf");

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal("This is the document title", result.Document.Title);
    }

    [Fact]
    public void Caller_stream_is_left_open()
    {
        using var stream = File.OpenRead(RepositoryPaths.CorpusPdf("corrupt-broken-xref-offsets-gdrive.pdf"));

        var result = _extractor.Extract(stream, "gdrive.pdf");

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.True(stream.CanRead);
    }

    [Fact]
    public void Cancellation_stops_extraction()
    {
        var bytes = File.ReadAllBytes(RepositoryPaths.CorpusPdf("rotation-page2-rotate90.pdf"));

        Assert.ThrowsAny<OperationCanceledException>(
            () => _extractor.Extract(bytes, "rotation.pdf", cancellationToken: new CancellationToken(canceled: true)));
    }

    private SourceDocument Succeed(string corpusFile, string? password = null)
    {
        var result = _extractor.ExtractFile(RepositoryPaths.CorpusPdf(corpusFile), corpusFile, password: password);
        Assert.True(result.Succeeded, $"{corpusFile}: {result.Failure?.Reason} {result.Failure?.Message}");
        return result.Document;
    }

    private PdfExtractionFailure Fail(string corpusFile, string? password = null)
    {
        var result = _extractor.ExtractFile(RepositoryPaths.CorpusPdf(corpusFile), corpusFile, password: password);
        Assert.False(result.Succeeded, $"{corpusFile} was expected to fail");
        return result.Failure;
    }
}
