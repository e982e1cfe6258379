using System.Diagnostics;
using System.Text;
using Pipeline.Extraction.Pdf;
using Xunit.Abstractions;

using static Pipeline.Extraction.Tests.HostileExtraction;

namespace Pipeline.Extraction.Tests;

/// <summary>
/// Bombs other than one big Flate stream: LZW and RunLength streams that expand to gigabytes, and a document of
/// many Flate streams each under the stream limit that add up past the document's.
/// </summary>
public sealed class ExpandingFilterBombTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;
    private const string Line = "BT /F1 11 Tf 72 720 Td (Text behind an expanding filter) Tj ET\n";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_lzw_stream_decoding_to_a_gigabyte_is_quarantined_without_being_materialised(bool earlyChange)
    {
        var codes = LzwWriter.Bomb(Encoding.ASCII.GetBytes(Line), 1024 * MiB, earlyChange);
        var pdf = HostilePdfWriter.EncodedPage(codes, LzwFilterEntries(earlyChange));

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var failure = Fail(new PdfTextExtractor(), pdf);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        output.WriteLine($"{codes.Length:N0} bytes of codes quarantined in {watch.Elapsed.TotalSeconds:0.00} s, {allocated:N0} bytes allocated: {failure.Message}");

        Assert.Equal(PdfFailureReason.DecompressionBomb, failure.Reason);
        Assert.Equal($"A {codes.Length:N0}-byte LZW stream inflates to more than 268,435,456 bytes; decoding stopped at the limit.", failure.Message);
        Assert.InRange(codes.Length, 0, 1 * MiB);
        Assert.InRange(allocated, 0, 64 * MiB);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_lzw_content_stream_under_the_limit_is_read(bool earlyChange)
    {
        // Lines that repeat words, so that the codes name table entries and not only literals.
        var content = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 3).Select(i =>
            $"BT /F1 11 Tf 72 {720 - 14 * i} Td (Line {i + 1} of text behind an LZW filter, text behind a filter.) Tj ET\n")));
        var pdf = HostilePdfWriter.EncodedPage(LzwWriter.Encode(content, earlyChange), LzwFilterEntries(earlyChange));

        var document = Succeed(new PdfTextExtractor(), pdf);

        var text = string.Join("\n", document.Blocks.Select(b => b.Text));
        Assert.Contains("Line 1 of text behind an LZW filter, text behind a filter.", text, StringComparison.Ordinal);
        Assert.Contains("Line 3 of text behind an LZW filter, text behind a filter.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_worst_case_lzw_stream_just_under_the_limit_is_read()
    {
        var codes = LzwWriter.Bomb(Encoding.ASCII.GetBytes(Line), 3 * MiB, earlyChange: true);

        var document = Succeed(Extractor(new PdfLimits { MaxDecodedStreamBytes = 4 * MiB }), HostilePdfWriter.EncodedPage(codes, "/Filter /LZWDecode"));

        Assert.Equal("Text behind an expanding filter", Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public void A_runlength_stream_over_the_limit_is_quarantined_and_one_under_it_is_read()
    {
        var extractor = Extractor(new PdfLimits { MaxDecodedStreamBytes = 4 * MiB });

        var over = RunLengthSpaces(5 * MiB);
        var failure = Fail(extractor, HostilePdfWriter.EncodedPage(over, "/Filter /RunLengthDecode"));
        var under = Succeed(extractor, HostilePdfWriter.EncodedPage(RunLengthSpaces(3 * MiB), "/Filter /RunLengthDecode"));

        Assert.Equal(PdfFailureReason.DecompressionBomb, failure.Reason);
        Assert.Equal($"A {over.Length:N0}-byte RunLength stream inflates to more than 4,194,304 bytes; decoding stopped at the limit.", failure.Message);
        Assert.Equal("Text behind an expanding filter", Assert.Single(under.Blocks).Text);
    }

    [Fact]
    public void Streams_each_under_the_stream_limit_that_add_up_past_the_document_limit_are_a_bomb()
    {
        // Six pages of 3 MiB each: every stream is under the 4 MiB stream limit, together they are 18 MiB.
        var pdf = HostilePdfWriter.ManyDeflatedPages(6, 3 * MiB);

        var failure = Fail(Extractor(new PdfLimits { MaxDecodedStreamBytes = 4 * MiB, MaxDecodedDocumentBytes = 16 * MiB }), pdf);
        var document = Succeed(Extractor(new PdfLimits { MaxDecodedStreamBytes = 4 * MiB, MaxDecodedDocumentBytes = 18 * MiB }), pdf);

        output.WriteLine(failure.Message);
        Assert.Equal(PdfFailureReason.DecompressionBomb, failure.Reason);
        var match = System.Text.RegularExpressions.Regex.Match(failure.Message,
            @"^The document's streams inflate to ([\d,]+) bytes in all, over the document limit of 16,777,216 bytes \(passed in a [\d,]+-byte Flate stream\); decoding stopped at the limit\.$");
        Assert.True(match.Success, failure.Message);
        // Five whole streams were read (15 MiB); the sixth was counted only until it passed what was left.
        Assert.InRange(long.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture), 16 * MiB + 1, 17 * MiB);
        Assert.Equal(6, document.Pages);
    }

    [Fact]
    public void A_document_limit_under_the_stream_limit_is_refused_when_the_extractor_is_built()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Extractor(new PdfLimits { MaxDecodedStreamBytes = 64 * MiB, MaxDecodedDocumentBytes = 32 * MiB }));

        Assert.Contains("MaxDecodedDocumentBytes 33554432 must be between MaxDecodedStreamBytes (67108864)", error.Message);
    }

    private static string LzwFilterEntries(bool earlyChange) =>
        earlyChange ? "/Filter /LZWDecode" : "/Filter /LZWDecode /DecodeParms << /EarlyChange 0 >>";

    /// <summary>The text line, then runs of 128 spaces (two bytes each) up to <paramref name="decodedBytes"/>.</summary>
    private static byte[] RunLengthSpaces(long decodedBytes)
    {
        var encoded = new List<byte> { (byte)(Line.Length - 1) };
        encoded.AddRange(Encoding.ASCII.GetBytes(Line));
        for (var written = (long)Line.Length; written < decodedBytes; written += 128)
        {
            encoded.Add(129);
            encoded.Add((byte)' ');
        }
        encoded.Add(128);
        return [.. encoded];
    }
}
