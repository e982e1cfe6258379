namespace Pipeline.Extraction.Ocr;

/// <summary>
/// A private temporary folder for one document's OCR work (its PDF copy, page images), removed with everything
/// in it when the document is done, whether it succeeded, failed or was cancelled.
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("pipeline-ocr-");

    public string Path => _directory.FullName;

    public void Dispose()
    {
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file still held open by a killed child process: the OS temp cleaner gets it later, and failing
            // the document over a leftover temp file would be worse.
        }
    }
}
