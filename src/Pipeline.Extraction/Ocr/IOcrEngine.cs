namespace Pipeline.Extraction.Ocr;

/// <summary>Recognises the text of one rendered page image.</summary>
public interface IOcrEngine
{
    /// <param name="imagePath">A greyscale page image (PGM or PNG).</param>
    /// <param name="dpi">The resolution the page was rendered at, which the image file may not record.</param>
    /// <exception cref="OcrEngineUnavailableException">The engine or one of the configured languages is not installed.</exception>
    /// <exception cref="OcrFailedException">This page could not be recognised.</exception>
    /// <exception cref="OperationCanceledException">Cancelled, including by the caller's page timeout; the engine stops its work.</exception>
    Task<OcrPageResult> RecognizeAsync(string imagePath, int dpi, CancellationToken cancellationToken);
}
