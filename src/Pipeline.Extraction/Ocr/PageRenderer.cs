using System.ComponentModel;
using System.Globalization;

namespace Pipeline.Extraction.Ocr;

/// <summary>
/// Renders one page to a greyscale image with poppler's pdftoppm. Rendering (rather than pulling the scan out
/// through PdfPig) also covers text drawn as vector curves, layered MRC scans, JBIG2 and JPX images, and
/// applies the page's /Rotate. pdftoppm decodes whatever the page holds (a Flate image can be a decompression
/// bomb too), so it runs under <c>prlimit</c>: its address space and the size of the file it writes are capped,
/// and a page over either fails like any page pdftoppm cannot render. The page timeout bounds its time.
/// </summary>
/// <param name="maxAddressSpaceBytes">pdftoppm's virtual memory; it needs under 100 MB for a 40-megapixel page.</param>
internal sealed class PageRenderer(OcrOptions options, long maxAddressSpaceBytes = PageRenderer.DefaultMaxAddressSpaceBytes)
{
    public const long DefaultMaxAddressSpaceBytes = 1024L * 1024 * 1024;

    // A 40-megapixel greyscale image is 40 MB; anything much larger is not the page we asked for.
    private const long MaxImageFileBytes = 128L * 1024 * 1024;

    // prlimit's exit code when it cannot start the program (util-linux EX_EXEC_ENOENT).
    private const int ProgramNotFound = 127;

    // util-linux's prlimit (in every Debian base system); without it pdftoppm runs bounded by the timeout alone.
    private static readonly Lazy<string?> Prlimit = new(() => FindOnPath("prlimit"));

    private const double PointsPerInch = 72;

    // Tesseract cannot take more than 32767 px a side, and beyond ~40 megapixels (Letter at 600 dpi is 34) a page
    // only costs memory and time: oversized pages are rendered at a lower resolution instead.
    private const double MaxPixels = 40_000_000;

    /// <summary>The resolution a page of this size is rendered at: the configured one, lowered for huge pages.</summary>
    public static int DpiFor(int configuredDpi, double widthPoints, double heightPoints)
    {
        var squareInches = Math.Abs(widthPoints * heightPoints) / (PointsPerInch * PointsPerInch);
        if (squareInches <= 0 || double.IsNaN(squareInches))
        {
            return configuredDpi;
        }
        var largest = (int)Math.Sqrt(MaxPixels / squareInches);
        return Math.Clamp(largest, OcrOptions.MinDpi, configuredDpi);
    }

    /// <returns>The image's path inside <paramref name="directory"/>.</returns>
    /// <exception cref="OcrEngineUnavailableException">pdftoppm is not installed.</exception>
    /// <exception cref="OcrFailedException">pdftoppm could not render the page.</exception>
    public async Task<string> RenderAsync(
        string pdfPath, int pageNumber, int dpi, string? password, string directory, CancellationToken cancellationToken)
    {
        var prefix = Path.Combine(directory, $"page-{pageNumber.ToString(CultureInfo.InvariantCulture)}");
        string? decrypted = null;
        try
        {
            var page = pageNumber;
            if (password is not null)
            {
                // Never on pdftoppm's command line, which other local users can read: it renders a decrypted copy.
                decrypted = await DecryptedPage.WriteAsync(pdfPath, pageNumber, password, directory, cancellationToken);
                (pdfPath, page) = (decrypted, 1);
            }
            return await RenderPageAsync(pdfPath, page, dpi, prefix, cancellationToken);
        }
        catch (Exception ex) when (decrypted is null && password is not null && ex is not (OperationCanceledException or OcrEngineUnavailableException))
        {
            // PdfPig opened this document for its text layer, so the copy fails only on a page it cannot write.
            throw new OcrFailedException($"the encrypted page could not be decrypted for rendering ({ex.GetType().Name}: {ex.Message})");
        }
        finally
        {
            if (decrypted is not null)
            {
                File.Delete(decrypted);
            }
        }
    }

    private async Task<string> RenderPageAsync(string pdfPath, int pageNumber, int dpi, string prefix, CancellationToken cancellationToken)
    {
        var page = pageNumber.ToString(CultureInfo.InvariantCulture);
        List<string> arguments = ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", page, "-l", page, "-gray", "-singlefile", pdfPath, prefix];

        var (program, commandLine) = Bounded(arguments);
        CommandOutput output;
        try
        {
            output = await ExternalCommand.RunAsync(program, commandLine, Environment, cancellationToken);
        }
        catch (Win32Exception ex)
        {
            throw Unavailable(ex.Message, ex);
        }
        if (program != options.PdftoppmPath && output.ExitCode == ProgramNotFound && output.ErrorSummary.Contains("failed to execute", StringComparison.Ordinal))
        {
            throw Unavailable(output.ErrorSummary, inner: null);
        }

        var image = prefix + ".pgm";
        if (output.ExitCode != 0 || !File.Exists(image))
        {
            throw new OcrFailedException($"pdftoppm could not render the page (exit code {output.ExitCode}: {output.ErrorSummary})");
        }
        return image;
    }

    /// <summary>The program to start and its arguments: pdftoppm under prlimit when prlimit is installed.</summary>
    private (string Program, List<string> Arguments) Bounded(List<string> pdftoppmArguments)
    {
        if (Prlimit.Value is not { } prlimit)
        {
            return (options.PdftoppmPath, pdftoppmArguments);
        }
        List<string> arguments =
        [
            $"--as={maxAddressSpaceBytes.ToString(CultureInfo.InvariantCulture)}",
            $"--fsize={MaxImageFileBytes.ToString(CultureInfo.InvariantCulture)}",
            "--",
            options.PdftoppmPath,
            .. pdftoppmArguments,
        ];
        return (prlimit, arguments);
    }

    private OcrEngineUnavailableException Unavailable(string reason, Exception? inner) => new(
        $"'{options.PdftoppmPath}' could not be started ({reason}); install poppler-utils (scripts/setup.sh does).", inner);

    private static string? FindOnPath(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    private static readonly Dictionary<string, string> Environment = new() { ["LC_ALL"] = "C" };
}
