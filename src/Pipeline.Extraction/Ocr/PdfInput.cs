using UglyToad.PdfPig;

namespace Pipeline.Extraction.Ocr;

/// <summary>
/// The PDF being extracted, in whatever form the caller gave it: PdfPig opens it in memory, while pdftoppm
/// needs it as a file, which is written only when a page actually has to be rendered.
/// </summary>
internal sealed class PdfInput
{
    private readonly Func<ParsingOptions, PdfDocument> _open;
    private readonly Func<string, CancellationToken, Task<string>> _materialise;

    private PdfInput(Func<ParsingOptions, PdfDocument> open, Func<string, CancellationToken, Task<string>> materialise)
    {
        _open = open;
        _materialise = materialise;
    }

    public static PdfInput FromMemory(ReadOnlyMemory<byte> pdf) => new(
        options => PdfDocument.Open(pdf, options),
        async (directory, cancellationToken) =>
        {
            var path = Path.Combine(directory, "document.pdf");
            await File.WriteAllBytesAsync(path, pdf, cancellationToken);
            return path;
        });

    /// <param name="pdf">Seekable and starting with the PDF at position 0.</param>
    public static PdfInput FromStream(Stream pdf) => new(
        options => PdfDocument.Open(pdf, options),
        async (directory, cancellationToken) =>
        {
            var path = Path.Combine(directory, "document.pdf");
            pdf.Position = 0;
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await pdf.CopyToAsync(file, cancellationToken);
            return path;
        });

    public static PdfInput FromFile(string path, Stream opened) => new(
        options => PdfDocument.Open(opened, options),
        (_, _) => Task.FromResult(Path.GetFullPath(path)));

    public PdfDocument Open(ParsingOptions options) => _open(options);

    /// <summary>A path pdftoppm can read: the caller's own file, or a copy in <paramref name="scratchDirectory"/>.</summary>
    public Task<string> FileAsync(string scratchDirectory, CancellationToken cancellationToken) =>
        _materialise(scratchDirectory, cancellationToken);
}
