using UglyToad.PdfPig;
using UglyToad.PdfPig.Writer;

namespace Pipeline.Extraction.Ocr;

/// <summary>
/// One page of an encrypted PDF, decrypted by PdfPig into a file only its owner can read. pdftoppm takes a
/// password only as an argument, and any local user can read a process's arguments in /proc: it gets this copy
/// instead. The caller deletes the copy as soon as the page is rendered.
/// </summary>
internal static class DecryptedPage
{
    /// <returns>The copy's path in <paramref name="directory"/>; the page is its page 1.</returns>
    public static async Task<string> WriteAsync(string pdfPath, int pageNumber, string password, string directory, CancellationToken cancellationToken)
    {
        byte[] copy;
        using (var document = PdfDocument.Open(pdfPath, new ParsingOptions { Password = password, UseLenientParsing = true }))
        {
            var builder = new PdfDocumentBuilder();
            builder.AddPage(document, pageNumber);
            copy = builder.Build();
        }
        var path = Path.Combine(directory, $"decrypted-{pageNumber}-{Guid.NewGuid():N}.pdf");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using var file = new FileStream(path, options);
        await file.WriteAsync(copy, cancellationToken);
        return path;
    }
}
