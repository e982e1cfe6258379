namespace Pipeline.Extraction.Ocr;

/// <summary>One page could not be rendered or recognised; the page is skipped and the document goes on.</summary>
public sealed class OcrFailedException : Exception
{
    public OcrFailedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
