using System.Collections.Concurrent;
using Pipeline.Extraction.Ocr;

namespace Pipeline.Extraction.Tests.Ocr;

/// <summary>The real engine, counting the pages it is asked to read: "never OCR'd" is checked at the engine.</summary>
internal sealed class CountingOcrEngine(IOcrEngine inner) : IOcrEngine
{
    private readonly ConcurrentBag<string> _images = [];

    public int Calls => _images.Count;

    public Task<OcrPageResult> RecognizeAsync(string imagePath, int dpi, CancellationToken cancellationToken)
    {
        _images.Add(imagePath);
        return inner.RecognizeAsync(imagePath, dpi, cancellationToken);
    }
}
