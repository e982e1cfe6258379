namespace Pipeline.Extraction.Ocr;

/// <summary>
/// OCR cannot run on this machine at all (tool or language pack missing). Unlike a failure on one page, it says
/// nothing about the document, so the document is not indexed without its scanned pages.
/// </summary>
public sealed class OcrEngineUnavailableException : Exception
{
    public OcrEngineUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
