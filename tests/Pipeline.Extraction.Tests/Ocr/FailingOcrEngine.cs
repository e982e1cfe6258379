using Pipeline.Extraction.Ocr;

namespace Pipeline.Extraction.Tests.Ocr;

/// <summary>An engine that cannot read any page, as Tesseract does on an image it chokes on.</summary>
internal sealed class FailingOcrEngine : IOcrEngine
{
    public Task<OcrPageResult> RecognizeAsync(string imagePath, int dpi, CancellationToken cancellationToken) =>
        throw new OcrFailedException("tesseract exited with code 1: Error in pixReadStream");
}
