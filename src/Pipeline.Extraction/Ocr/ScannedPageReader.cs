using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Extraction.Ocr;

/// <summary>
/// Renders one page and OCRs it within the page time limit. Whatever goes wrong on the page (timeout, a tool
/// failing on it) comes back as a note so that the rest of the document proceeds; only cancellation by the
/// caller and a machine without OCR tools are thrown.
/// </summary>
internal sealed class ScannedPageReader(OcrOptions options, IOcrEngine engine)
{
    private readonly PageRenderer _renderer = new(options);

    public async Task<ScannedPageOutcome> ReadAsync(
        string pdfPath, int pageNumber, double widthPoints, double heightPoints, string? password, string directory, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.PageTimeout);
        string? image = null;
        try
        {
            var dpi = PageRenderer.DpiFor(options.Dpi, widthPoints, heightPoints);
            image = await _renderer.RenderAsync(pdfPath, pageNumber, dpi, password, directory, deadline.Token);
            if (options.EraseRuledLines)
            {
                await EraseRuledLinesAsync(image, dpi, deadline.Token);
            }
            var result = await engine.RecognizeAsync(image, dpi, deadline.Token);
            return new ScannedPageOutcome(result, null, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var limit = options.PageTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            return new ScannedPageOutcome(null, $"ocr timeout after {limit} s", Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException or OcrEngineUnavailableException))
        {
            var message = ex is OcrFailedException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            return new ScannedPageOutcome(null, $"ocr failed: {message}", Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            // Deleted as soon as it is read: a 400-page scan must not fill the disk with page images.
            DeleteQuietly(image);
        }
    }

    private static void DeleteQuietly(string? path)
    {
        try
        {
            if (path is not null)
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The document's scratch folder is removed as a whole afterwards.
        }
    }

    private static async Task EraseRuledLinesAsync(string imagePath, int dpi, CancellationToken cancellationToken)
    {
        var image = await GrayImage.ReadAsync(imagePath, cancellationToken);
        if (image is not null && RuledLineEraser.Erase(image, dpi) > 0)
        {
            await image.WriteAsync(imagePath, cancellationToken);
        }
    }
}
