using Pipeline.Core.Documents;
using Pipeline.Extraction.Ocr;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Extraction.Tests;

/// <summary>Text-layer extraction of a hostile PDF under given limits, expecting it to be read or quarantined.</summary>
internal static class HostileExtraction
{
    public static PdfTextExtractor Extractor(PdfLimits limits) => new(OcrOptions.Disabled, ocrEngine: null, logger: null, limits);

    public static SourceDocument Succeed(PdfTextExtractor extractor, byte[] pdf)
    {
        var result = extractor.Extract(pdf, "hostile.pdf");
        Assert.True(result.Succeeded, result.Failure?.Message);
        return result.Document;
    }

    public static PdfExtractionFailure Fail(PdfTextExtractor extractor, byte[] pdf)
    {
        var result = extractor.Extract(pdf, "hostile.pdf");
        Assert.False(result.Succeeded, "expected the document to be quarantined");
        return result.Failure;
    }
}
