using System.Collections.Concurrent;
using System.Diagnostics;
using Pipeline.Extraction.Ocr;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Extraction.Tests.Ocr;

/// <summary>
/// Extracts each corpus file at most once per test class with real pdftoppm and Tesseract, so that several
/// assertions about one file share its OCR time.
/// </summary>
public sealed class CorpusExtraction
{
    private static readonly OcrOptions Options = new();
    private static readonly TesseractCliEngine Engine = new(Options);

    private readonly ConcurrentDictionary<string, Lazy<Task<Extracted>>> _results = new();

    public Task<Extracted> ExtractAsync(string corpusFile) =>
        _results.GetOrAdd(corpusFile, file => new Lazy<Task<Extracted>>(() => RunAsync(file))).Value;

    private static async Task<Extracted> RunAsync(string corpusFile)
    {
        var engine = new CountingOcrEngine(Engine);
        var extractor = new PdfTextExtractor(Options, engine);
        var clock = Stopwatch.StartNew();
        var result = await extractor.ExtractFileAsync(RepositoryPaths.CorpusPdf(corpusFile), corpusFile);
        return new Extracted(result, engine.Calls, clock.Elapsed);
    }
}

/// <param name="OcrCalls">Pages the OCR engine was asked to read.</param>
public sealed record Extracted(PdfExtractionResult Result, int OcrCalls, TimeSpan Elapsed);
