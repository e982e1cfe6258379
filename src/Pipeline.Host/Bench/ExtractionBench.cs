using System.Diagnostics;
using System.Text.Json.Serialization;
using Pipeline.Extraction.Ocr;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Host.Bench;

public sealed record ThroughputComparison(
    [property: JsonPropertyName("pages")] int Pages,
    [property: JsonPropertyName("pages_per_second")] double PagesPerSecond,
    [property: JsonPropertyName("baseline")] string Baseline,
    [property: JsonPropertyName("baseline_pages_per_second")] double BaselinePagesPerSecond,
    [property: JsonPropertyName("ratio")] double Ratio);

/// <summary>
/// Our extraction against the standard tools on the same input in the same run: the text layer against
/// <c>pdftotext</c>, OCR against the <c>tesseract</c> CLI on the same rendered page images.
/// </summary>
public static class ExtractionBench
{
    /// <summary>Text layer only (no OCR) over every readable PDF, then pdftotext over the same files.</summary>
    public static async Task<ThroughputComparison?> TextLayerAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var extractor = new PdfTextExtractor(OcrOptions.Disabled, null);
        var readable = new List<string>();
        var pages = 0;
        var ours = Stopwatch.StartNew();
        foreach (var file in files)
        {
            var result = await extractor.ExtractFileAsync(file, Path.GetFileName(file), cancellationToken: cancellationToken);
            if (result.Succeeded)
            {
                readable.Add(file);
                pages += result.Document.Pages;
            }
        }
        ours.Stop();
        if (pages == 0)
        {
            return null;
        }
        // Time ours again over the readable files only, so both sides read exactly the same input.
        ours.Restart();
        foreach (var file in readable)
        {
            await extractor.ExtractFileAsync(file, Path.GetFileName(file), cancellationToken: cancellationToken);
        }
        ours.Stop();
        var baseline = Stopwatch.StartNew();
        foreach (var file in readable)
        {
            try
            {
                await BaselineProcess.RunAsync("pdftotext", ["-q", file, "-"], cancellationToken);
            }
            catch (InvalidOperationException)
            {
                // pdftotext gives up on some files PdfPig repairs (broken xref); it is timed all the same.
            }
        }
        baseline.Stop();
        return Compare(pages, ours.Elapsed, "pdftotext", baseline.Elapsed);
    }

    /// <summary>Renders the given pages once, then OCRs the images with our engine and with the plain tesseract CLI.</summary>
    public static async Task<ThroughputComparison?> OcrAsync(IReadOnlyList<(string File, int Page)> pages, OcrOptions options, CancellationToken cancellationToken)
    {
        if (pages.Count == 0)
        {
            return null;
        }
        var folder = Directory.CreateTempSubdirectory("pipeline-bench-ocr-");
        try
        {
            var images = new List<string>();
            foreach (var (file, page) in pages)
            {
                var prefix = Path.Combine(folder.FullName, $"p{images.Count}");
                await BaselineProcess.RunAsync("pdftoppm", ["-r", options.Dpi.ToString(), "-f", page.ToString(), "-l", page.ToString(), "-gray", "-singlefile", file, prefix], cancellationToken);
                images.Add(prefix + ".pgm");
            }
            var engine = new TesseractCliEngine(options);
            var ours = Stopwatch.StartNew();
            foreach (var image in images)
            {
                await engine.RecognizeAsync(image, options.Dpi, cancellationToken);
            }
            ours.Stop();
            var baseline = Stopwatch.StartNew();
            foreach (var image in images)
            {
                await BaselineProcess.RunAsync("tesseract", [image, "stdout", "-l", options.Languages, "--psm", "1", "--dpi", options.Dpi.ToString()], cancellationToken,
                    new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" });
            }
            baseline.Stop();
            return Compare(images.Count, ours.Elapsed, "tesseract CLI (same images, one page at a time)", baseline.Elapsed);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static ThroughputComparison Compare(int pages, TimeSpan ours, string baseline, TimeSpan theirs)
    {
        var oursRate = pages / Math.Max(ours.TotalSeconds, 1e-6);
        var theirsRate = pages / Math.Max(theirs.TotalSeconds, 1e-6);
        return new ThroughputComparison(pages, Math.Round(oursRate, 2), baseline, Math.Round(theirsRate, 2), Math.Round(oursRate / theirsRate, 3));
    }
}
