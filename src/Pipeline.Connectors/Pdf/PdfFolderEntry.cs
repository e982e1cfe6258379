namespace Pipeline.Connectors.Pdf;

/// <summary>
/// What a path listed in a PDF folder really is: a regular file inside the folder, to be read through
/// <see cref="RealPath"/>, or the reason it is skipped without being opened.
/// </summary>
internal sealed record PdfFolderEntry(string RealPath, string? SkipReason, string? SkipMessage)
{
    /// <summary>A link (or a link in its path) leads out of the folder: the folder is the boundary of what the job may read.</summary>
    public const string OutsideRoot = "outside-root";

    /// <summary>A FIFO, socket or device: opening a FIFO hangs, reading a device may never end.</summary>
    public const string NotARegularFile = "not-a-regular-file";

    public const string Missing = "missing";

    public bool Skipped => SkipReason is not null;

    /// <param name="realRoot">The folder's own real path (<see cref="Pdf.RealPath.Of"/>).</param>
    public static PdfFolderEntry Classify(string realRoot, string path)
    {
        string real;
        try
        {
            real = Pdf.RealPath.Of(path);
        }
        catch (IOException ex)
        {
            return new(path, OutsideRoot, $"its links do not resolve to a file inside the folder: {ex.Message}");
        }
        if (!Pdf.RealPath.IsInside(realRoot, real))
        {
            return new(real, OutsideRoot, $"it resolves to '{real}', outside the folder '{realRoot}'; it was not read");
        }
        return FileKinds.Of(real) switch
        {
            FileKind.Regular => new(real, null, null),
            FileKind.Missing => new(real, Missing, $"'{real}' does not exist (a dangling link, or removed while listing)"),
            var kind => new(real, NotARegularFile, $"'{real}' is a {kind}, not a regular file; it was not opened"),
        };
    }
}
