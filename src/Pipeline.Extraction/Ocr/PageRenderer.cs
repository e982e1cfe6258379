using System.ComponentModel;
using System.Globalization;

namespace Pipeline.Extraction.Ocr;

/// <summary>
/// Renders one page to a greyscale image with poppler's pdftoppm. Rendering (rather than pulling the scan out
/// through PdfPig) also covers text drawn as vector curves, layered MRC scans, JBIG2 and JPX images, and
/// applies the page's /Rotate.
/// </summary>
internal sealed class PageRenderer(OcrOptions options)
{
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
        var page = pageNumber.ToString(CultureInfo.InvariantCulture);
        var arguments = new List<string> { "-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", page, "-l", page, "-gray", "-singlefile" };
        if (password is not null)
        {
            // PdfPig accepts either password; poppler wants to be told which, so it is offered as both.
            // The password is visible in the process list while the page renders: pdftoppm takes it no other way.
            arguments.AddRange(["-opw", password, "-upw", password]);
        }
        arguments.AddRange([pdfPath, prefix]);

        CommandOutput output;
        try
        {
            output = await ExternalCommand.RunAsync(options.PdftoppmPath, arguments, Environment, cancellationToken);
        }
        catch (Win32Exception ex)
        {
            throw new OcrEngineUnavailableException(
                $"'{options.PdftoppmPath}' could not be started ({ex.Message}); install poppler-utils (scripts/setup.sh does).", ex);
        }

        var image = prefix + ".pgm";
        if (output.ExitCode != 0 || !File.Exists(image))
        {
            throw new OcrFailedException($"pdftoppm could not render the page (exit code {output.ExitCode}: {output.ErrorSummary})");
        }
        return image;
    }

    private static readonly Dictionary<string, string> Environment = new() { ["LC_ALL"] = "C" };
}
