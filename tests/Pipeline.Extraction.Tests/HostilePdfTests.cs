using System.Diagnostics;
using Pipeline.Extraction.Pdf;
using Xunit.Abstractions;

using static Pipeline.Extraction.Tests.HostileExtraction;

namespace Pipeline.Extraction.Tests;

/// <summary>PDFs built to exhaust a reader: a huge page count, a lying /Count, a decompression bomb.</summary>
public sealed class HostilePdfTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;
    private const int HugePageCount = 20_000;

    // Built once: deflating a gigabyte of spaces takes a few seconds.
    private static readonly Lazy<byte[]> GigabyteBomb = new(() => HostilePdfWriter.DecompressionBomb(1024 * MiB));
    private static readonly Lazy<byte[]> HugeDocument = new(() => HostilePdfWriter.ManyPages(HugePageCount));

    [Fact]
    public void A_pdf_with_more_pages_than_the_limit_is_quarantined_before_any_page_is_read()
    {
        var extractor = Extractor(new PdfLimits { MaxPages = 1000 });
        var pdf = HugeDocument.Value;
        // The first document a process opens pays for loading and compiling the parser; that is not what is timed.
        Assert.True(extractor.Extract(HostilePdfWriter.ManyPages(1), "warm-up.pdf").Succeeded);

        var watch = Stopwatch.StartNew();
        var result = extractor.Extract(pdf, "huge.pdf");

        Assert.False(result.Succeeded);
        Assert.Equal(PdfFailureReason.TooManyPages, result.Failure.Reason);
        Assert.Equal("The PDF has 20,000 pages, over the limit of 1,000 pages.", result.Failure.Message);
        // Laying out the 20,000 pages takes far longer (see the next test); only the page tree is walked.
        output.WriteLine($"quarantined in {watch.Elapsed.TotalSeconds:0.00} s");
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_pdf_with_a_huge_page_count_is_read_in_full_when_the_limit_allows()
    {
        var pdf = HugeDocument.Value;
        var watch = Stopwatch.StartNew();
        var document = Succeed(Extractor(new PdfLimits { MaxPages = HugePageCount }), pdf);
        output.WriteLine($"{pdf.Length:N0}-byte file, {HugePageCount:N0} pages read in {watch.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(HugePageCount, document.Pages);
        Assert.Equal(HugePageCount, document.Blocks.Count(b => b.Text == HostilePdfWriter.PageText));
    }

    [Fact]
    public void A_count_claiming_a_billion_pages_is_not_believed_and_costs_nothing_per_claimed_page()
    {
        var pdf = HostilePdfWriter.ManyPages(3, declaredCount: 1_000_000_000);

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var document = Succeed(new PdfTextExtractor(), pdf);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(3, document.Pages);
        Assert.InRange(allocated, 0, 50 * MiB);
    }

    [Fact]
    public void A_page_tree_holding_more_pages_than_its_count_claims_is_limited_by_the_pages_it_holds()
    {
        var pdf = HostilePdfWriter.ManyPages(1500, declaredCount: 1);

        var failure = Fail(Extractor(new PdfLimits { MaxPages = 1000 }), pdf);

        Assert.Equal(PdfFailureReason.TooManyPages, failure.Reason);
        Assert.Equal("The PDF has 1,500 pages (its /Count claims 1), over the limit of 1,000 pages.", failure.Message);
    }

    [Fact]
    public void A_content_stream_inflating_to_a_gigabyte_is_quarantined_without_being_materialised()
    {
        var pdf = GigabyteBomb.Value;
        var extractor = new PdfTextExtractor();

        // Everything up to the first page needing OCR runs on this thread, and a bomb stops it before that.
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var failure = Fail(extractor, pdf);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        output.WriteLine($"{pdf.Length:N0}-byte bomb quarantined in {watch.Elapsed.TotalSeconds:0.00} s, {allocated:N0} bytes allocated: {failure.Message}");

        Assert.Equal(PdfFailureReason.DecompressionBomb, failure.Reason);
        Assert.Matches(@"^A [\d,]+-byte Flate stream inflates to more than 268,435,456 bytes", failure.Message);
        Assert.InRange(pdf.Length, 0, 4 * MiB);
        Assert.InRange(allocated, 0, 64 * MiB);
    }

    [Fact]
    public void A_bomb_inside_a_form_xobject_drawn_by_the_page_is_quarantined_too()
    {
        var pdf = HostilePdfWriter.FormXObjectBomb(64 * MiB);

        var failure = Fail(Extractor(new PdfLimits { MaxDecodedStreamBytes = 16 * MiB }), pdf);

        Assert.Equal(PdfFailureReason.DecompressionBomb, failure.Reason);
        Assert.Contains("more than 16,777,216 bytes", failure.Message);
    }

    [Fact]
    public void A_stream_over_a_lowered_limit_is_a_bomb_and_one_under_it_is_read()
    {
        var extractor = Extractor(new PdfLimits { MaxDecodedStreamBytes = 4 * MiB });

        var over = Fail(extractor, HostilePdfWriter.DecompressionBomb(5 * MiB));
        var under = Succeed(extractor, HostilePdfWriter.DecompressionBomb(3 * MiB));

        Assert.Equal(PdfFailureReason.DecompressionBomb, over.Reason);
        Assert.Contains("more than 4,194,304 bytes", over.Message);
        Assert.Equal("A page with a very long tail", Assert.Single(under.Blocks).Text);
    }

    [Fact]
    public void Limits_out_of_range_are_refused_when_the_extractor_is_built()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Extractor(new PdfLimits { MaxPages = 0, MaxDecodedStreamBytes = 3 * 1024L * MiB }));

        Assert.Contains("MaxPages 0", error.Message);
        Assert.Contains("MaxDecodedStreamBytes", error.Message);
    }
}
