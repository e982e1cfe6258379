using Pipeline.Core.Documents;

namespace Pipeline.Extraction.Tests.Ocr;

/// <summary>Files with a good text layer must never cost an OCR run, whatever their script or layout.</summary>
public sealed class BornDigitalDocumentTests(CorpusExtraction corpus) : IClassFixture<CorpusExtraction>
{
    [Theory]
    [InlineData("dpr-paper-two-column.pdf")]
    [InlineData("rotation-page2-rotate90.pdf")]
    [InlineData("cjk-zh-semiannual-report-95p.pdf")]
    [InlineData("arabic-rtl-word-doc.pdf")]
    [InlineData("federal-register-2020-17221-3col.pdf")]
    public async Task Born_digital_file_is_never_ocred(string file)
    {
        var extracted = await corpus.ExtractAsync(file);

        Assert.True(extracted.Result.Succeeded, $"{file}: {extracted.Result.Failure?.Message}");
        Assert.Equal(0, extracted.OcrCalls);
        Assert.All(
            extracted.Result.Document.PageDetails,
            p => Assert.Contains(p.Source, new[] { PageTextSource.TextLayer, PageTextSource.Empty }));
        Assert.Equal(extracted.Result.Document.Pages, extracted.Result.Document.PageDetails.Count);
    }
}
