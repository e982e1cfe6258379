using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Core.Documents;
using Pipeline.Extraction.Ocr;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Turns a PDF into a <see cref="SourceDocument"/> of headings and paragraphs in reading order, one page at a
/// time. Each page's text layer is kept when it is usable; pages without one, or with a garbled one, are
/// rendered and OCR'd (when an engine is given), several at once. Input problems come back as a classified
/// <see cref="PdfExtractionResult"/>, and a page that cannot be read is recorded in
/// <see cref="SourceDocument.PageDetails"/> rather than failing the document; only cancellation and I/O errors
/// on the caller's own stream or path are thrown.
/// </summary>
public sealed partial class PdfTextExtractor
{
    private readonly OcrOptions _ocrOptions;
    private readonly PdfLimits _limits;
    private readonly ScannedPageReader? _scannedPages;
    private readonly ILogger _logger;

    /// <summary>Text layer only: pages that would need OCR are recorded as skipped ("ocr disabled").</summary>
    public PdfTextExtractor()
        : this(OcrOptions.Disabled, ocrEngine: null)
    {
    }

    /// <param name="ocrEngine">Null, like <see cref="OcrOptions.Enabled"/> false, turns OCR off.</param>
    /// <param name="limits">Page count and inflated stream and document sizes beyond which a document is quarantined; defaults when null.</param>
    public PdfTextExtractor(OcrOptions ocrOptions, IOcrEngine? ocrEngine, ILogger<PdfTextExtractor>? logger = null, PdfLimits? limits = null)
    {
        ocrOptions.Validate();
        limits ??= new PdfLimits();
        limits.Validate();
        _ocrOptions = ocrOptions;
        _limits = limits;
        _scannedPages = ocrOptions.Enabled && ocrEngine is not null ? new ScannedPageReader(ocrOptions, ocrEngine) : null;
        _logger = logger ?? NullLogger<PdfTextExtractor>.Instance;
    }

    /// <param name="externalId">The id the source knows the file by, e.g. its path relative to the folder.</param>
    /// <param name="title">Overrides the title found in the PDF.</param>
    /// <param name="password">User (or owner) password for encrypted files.</param>
    public Task<PdfExtractionResult> ExtractAsync(
        ReadOnlyMemory<byte> pdf,
        string externalId,
        string? title = null,
        string? password = null,
        CancellationToken cancellationToken = default)
    {
        if (pdf.IsEmpty)
        {
            return Task.FromResult(EmptyFile());
        }
        return ExtractAsync(PdfInput.FromMemory(pdf), externalId, title, password, cancellationToken);
    }

    /// <param name="pdf">Read from its current position; left open. A non-seekable stream is buffered in memory.</param>
    public async Task<PdfExtractionResult> ExtractAsync(
        Stream pdf,
        string externalId,
        string? title = null,
        string? password = null,
        CancellationToken cancellationToken = default)
    {
        if (!pdf.CanSeek || pdf.Position != 0)
        {
            // PdfPig jumps around the file (the cross-reference table sits at its end) using offsets from the
            // start of the stream, so it needs a seekable stream that begins with the PDF.
            using var buffer = new MemoryStream();
            await pdf.CopyToAsync(buffer, cancellationToken);
            return await ExtractAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), externalId, title, password, cancellationToken);
        }
        if (pdf.Length == 0)
        {
            return EmptyFile();
        }
        return await ExtractAsync(PdfInput.FromStream(pdf), externalId, title, password, cancellationToken);
    }

    public async Task<PdfExtractionResult> ExtractFileAsync(
        string path,
        string externalId,
        string? title = null,
        string? password = null,
        CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        if (stream.Length == 0)
        {
            return EmptyFile();
        }
        // pdftoppm reads the caller's file directly rather than a copy.
        return await ExtractAsync(PdfInput.FromFile(path, stream), externalId, title, password, cancellationToken);
    }

    /// <summary>Blocks while pages are OCR'd; prefer <see cref="ExtractAsync(ReadOnlyMemory{byte}, string, string?, string?, CancellationToken)"/>.</summary>
    public PdfExtractionResult Extract(
        ReadOnlyMemory<byte> pdf,
        string externalId,
        string? title = null,
        string? password = null,
        CancellationToken cancellationToken = default) =>
        ExtractAsync(pdf, externalId, title, password, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Blocks while pages are OCR'd; prefer <see cref="ExtractAsync(Stream, string, string?, string?, CancellationToken)"/>.</summary>
    public PdfExtractionResult Extract(
        Stream pdf,
        string externalId,
        string? title = null,
        string? password = null,
        CancellationToken cancellationToken = default) =>
        ExtractAsync(pdf, externalId, title, password, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Blocks while pages are OCR'd; prefer <see cref="ExtractFileAsync"/>.</summary>
    public PdfExtractionResult ExtractFile(
        string path,
        string externalId,
        string? title = null,
        string? password = null,
        CancellationToken cancellationToken = default) =>
        ExtractFileAsync(path, externalId, title, password, cancellationToken).GetAwaiter().GetResult();

    private async Task<PdfExtractionResult> ExtractAsync(
        PdfInput input,
        string externalId,
        string? title,
        string? password,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Lenient parsing repairs broken cross-reference tables and bad offsets, which real-world files
        // (old scanners, Google Drive exports, truncated uploads) need far more often than strictness helps.
        var inflation = new InflationGuard(_limits.MaxDecodedStreamBytes, _limits.MaxDecodedDocumentBytes);
        var options = new ParsingOptions { UseLenientParsing = true, FilterProvider = inflation };
        if (password is not null)
        {
            options.Password = password;
        }

        TextLayer layer;
        try
        {
            using var document = input.Open(options);
            inflation.ThrowIfTripped();
            if (PageCountLimit.Check(document, _limits.MaxPages, out var declaredPages) is { } tooManyPages)
            {
                return tooManyPages;
            }
            if (declaredPages is { } declared && declared != document.NumberOfPages)
            {
                LogPageCountMismatch(externalId, declared, document.NumberOfPages);
            }
            layer = ReadTextLayer(document, inflation, cancellationToken);
        }
        catch (PdfDocumentEncryptedException)
        {
            return PdfExtractionResult.Failed(
                PdfFailureReason.Encrypted,
                password is null
                    ? "The PDF is encrypted and needs a password to open."
                    : "The PDF is encrypted and the password given does not open it.");
        }
        catch (Exception ex) when (IsParseFailure(ex))
        {
            // PdfPig may wrap the guard's exception in its own; the guard remembers what it saw either way.
            return inflation.Tripped is { } bomb
                ? PdfExtractionResult.Failed(PdfFailureReason.DecompressionBomb, $"{bomb.Message}; decoding stopped at the limit.")
                : PdfExtractionResult.Failed(PdfFailureReason.Corrupt, $"The PDF could not be parsed: {ex.Message}");
        }
        if (layer.Pages.Count == 0)
        {
            return PdfExtractionResult.Failed(PdfFailureReason.Corrupt, "The PDF has no pages.");
        }

        IReadOnlyDictionary<int, ScannedPageOutcome> scanned;
        try
        {
            scanned = await OcrAsync(input, layer.Pages, password, externalId, cancellationToken);
        }
        catch (OcrEngineUnavailableException ex)
        {
            // A machine problem, not the document's: indexing it without its scanned pages would hide that.
            return PdfExtractionResult.Failed(PdfFailureReason.OcrUnavailable, ex.Message);
        }
        return Assemble(layer, scanned, externalId, title);
    }

    private TextLayer ReadTextLayer(PdfDocument document, InflationGuard inflation, CancellationToken cancellationToken)
    {
        var pageCount = document.NumberOfPages;
        var pages = new List<PageReading>(pageCount);
        for (var number = 1; number <= pageCount; number++)
        {
            // Checked per page: a 400-page manual takes long enough that a cancelled job must stop mid-way.
            cancellationToken.ThrowIfCancellationRequested();
            pages.Add(ReadPage(document, number));
            // Checked here too: PdfPig reads a page whose font stream failed to decode without that font.
            inflation.ThrowIfTripped();
        }
        // The outline can only be read while the document is open; it marks the regions that hold its headings.
        OutlineHeadings.Mark(document, pages.SelectMany(p => p.Regions).ToList());
        var information = document.Information;
        inflation.ThrowIfTripped();
        return new TextLayer(pages, information.Title, information.Producer);
    }

    /// <summary>Reads one page's text layer and judges it; a page that cannot be parsed is recorded, not fatal.</summary>
    private PageReading ReadPage(PdfDocument document, int number)
    {
        try
        {
            var page = document.GetPage(number);
            var regions = PageLayoutReader.Read(page, out var usedFallback);
            var assessment = TextLayerQuality.Assess(PageContentReader.Read(page, regions), _ocrOptions.TextLayer);
            return new PageReading(number, regions, assessment, page.Width, page.Height, usedFallback, Error: null);
        }
        catch (Exception ex) when (ex is PdfDocumentEncryptedException or DecompressionBombException)
        {
            throw;
        }
        catch (Exception ex) when (IsParseFailure(ex))
        {
            return new PageReading(number, [], TextLayerAssessment.Empty, 0, 0, LayoutFallback: false, Error: ex.Message);
        }
    }

    /// <summary>Renders and OCRs the pages that need it, several at once; keyed by page number.</summary>
    private async Task<IReadOnlyDictionary<int, ScannedPageOutcome>> OcrAsync(
        PdfInput input, IReadOnlyList<PageReading> pages, string? password, string externalId, CancellationToken cancellationToken)
    {
        var candidates = pages.Where(p => p.Error is null && p.Assessment.Verdict == TextLayerVerdict.NeedsOcr).ToList();
        var outcomes = new ConcurrentDictionary<int, ScannedPageOutcome>();
        if (candidates.Count == 0 || _scannedPages is null)
        {
            return outcomes;
        }

        using var scratch = new ScratchDirectory();
        var pdfPath = await input.FileAsync(scratch.Path, cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _ocrOptions.MaxParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(candidates, parallel, async (page, token) =>
        {
            var outcome = await _scannedPages.ReadAsync(pdfPath, page.Number, page.Width, page.Height, password, scratch.Path, token);
            if (outcome.FailureNote is not null)
            {
                LogPageSkipped(externalId, page.Number, outcome.FailureNote);
            }
            else
            {
                LogPageRecognised(externalId, page.Number, page.Assessment.Reason, outcome.Result?.MeanConfidence, outcome.Elapsed.TotalSeconds);
            }
            outcomes[page.Number] = outcome;
        });
        return outcomes;
    }

    private static PdfExtractionResult Assemble(
        TextLayer layer, IReadOnlyDictionary<int, ScannedPageOutcome> scanned, string externalId, string? title)
    {
        var pageCount = layer.Pages.Count;
        var regions = new List<TextRegion>();
        var details = new List<PageInfo>(pageCount);
        foreach (var page in layer.Pages)
        {
            var (pageRegions, info) = Resolve(page, scanned.GetValueOrDefault(page.Number));
            regions.AddRange(pageRegions);
            details.Add(info);
        }

        if (regions.Count == 0)
        {
            var unreadable = layer.Pages.Where(p => p.Error is not null).ToList();
            return unreadable.Count == pageCount
                ? PdfExtractionResult.Failed(PdfFailureReason.Corrupt, $"No page of the PDF could be read: {unreadable[0].Error}")
                : PdfExtractionResult.Failed(PdfFailureReason.NoText, $"None of the {pageCount} page(s) has extractable text{Explain(details)}.");
        }

        var blocks = HeadingClassifier.Classify(RunningTextFilter.Apply(regions, pageCount));
        return PdfExtractionResult.Success(new SourceDocument(
            externalId,
            DocumentTitle.Choose(title, layer.InfoTitle, blocks, externalId),
            blocks,
            pageCount,
            Metadata(layer, details))
        {
            PageDetails = details,
        });
    }

    /// <summary>Decides which text a page contributes (its layer, OCR, or none) and records why.</summary>
    private static (IReadOnlyList<TextRegion> Regions, PageInfo Info) Resolve(PageReading page, ScannedPageOutcome? scanned)
    {
        var number = page.Number;
        if (page.Error is not null)
        {
            return ([], new PageInfo(number, PageTextSource.Skipped, null, 0, $"unreadable: {page.Error}"));
        }

        var assessment = page.Assessment;
        switch (assessment.Verdict)
        {
            case TextLayerVerdict.Usable:
                return (page.Regions, new PageInfo(
                    number, PageTextSource.TextLayer, null, Characters(page.Regions),
                    page.LayoutFallback ? "layout analysis failed; read in content order" : null));
            case TextLayerVerdict.Empty:
                return ([], new PageInfo(number, PageTextSource.Empty, null, 0));
        }

        // Needs OCR. A sparse but real layer is kept whenever OCR gives nothing better; a garbled one never is.
        var fallback = assessment.LayerIsText ? page.Regions : [];
        var fallbackSource = assessment.LayerIsText ? PageTextSource.TextLayer : PageTextSource.Skipped;
        if (scanned is null)
        {
            return (fallback, new PageInfo(number, fallbackSource, null, Characters(fallback), $"{assessment.Reason}; ocr disabled"));
        }
        if (scanned.Result is null)
        {
            return (fallback, new PageInfo(number, fallbackSource, null, Characters(fallback), $"{assessment.Reason}; {scanned.FailureNote}"));
        }

        var recognised = scanned.Result;
        var ocrRegions = recognised.Paragraphs
            .Select(p => new TextRegion(p.Text, number, FontSize: 0, p.Lines, IsHorizontal: true))
            .ToList();
        if (ocrRegions.Count == 0)
        {
            return assessment.LayerIsText
                ? (fallback, new PageInfo(number, PageTextSource.TextLayer, recognised.MeanConfidence, Characters(fallback), $"{assessment.Reason}; ocr found no text"))
                : ([], new PageInfo(number, PageTextSource.Empty, recognised.MeanConfidence, 0, $"{assessment.Reason}; ocr found no text"));
        }
        return (ocrRegions, new PageInfo(number, PageTextSource.Ocr, recognised.MeanConfidence, Characters(ocrRegions), assessment.Reason));
    }

    private static int Characters(IReadOnlyList<TextRegion> regions) =>
        regions.Sum(r => r.Text.Count(c => !char.IsWhiteSpace(c)));

    /// <summary>The first few page notes, so a quarantined scan says why ("page 1: no text layer; ocr disabled").</summary>
    private static string Explain(IReadOnlyList<PageInfo> details)
    {
        const int MaxNotes = 3;
        var notes = details.Where(d => d.Note is not null).ToList();
        if (notes.Count == 0)
        {
            return string.Empty;
        }
        var listed = string.Join(", ", notes.Take(MaxNotes).Select(d => $"page {d.Number}: {d.Note}"));
        return notes.Count > MaxNotes ? $" ({listed}, and {notes.Count - MaxNotes} more)" : $" ({listed})";
    }

    private static Dictionary<string, string> Metadata(TextLayer layer, IReadOnlyList<PageInfo> details)
    {
        var metadata = new Dictionary<string, string> { ["pages"] = layer.Pages.Count.ToString(CultureInfo.InvariantCulture) };
        AddIfPresent(metadata, "title", TextNormaliser.Normalise(layer.InfoTitle ?? string.Empty));
        AddIfPresent(metadata, "producer", TextNormaliser.Normalise(layer.Producer ?? string.Empty));

        // Kept so that operators can see degraded pages, and a later pass knows which pages to look at.
        var unreadable = layer.Pages.Where(p => p.Error is not null).Select(p => p.Number).ToHashSet();
        AddIfPresent(metadata, "pages-without-text", Pages(details.Where(d => d.Characters == 0 && !unreadable.Contains(d.Number))));
        AddIfPresent(metadata, "ocr-pages", Pages(details.Where(d => d.Source == PageTextSource.Ocr)));
        AddIfPresent(metadata, "layout-fallback-pages", PageRanges.Format(layer.Pages.Where(p => p.LayoutFallback).Select(p => p.Number).ToList()));
        AddIfPresent(metadata, "unreadable-pages", PageRanges.Format(unreadable.Order().ToList()));
        return metadata;
    }

    private static string Pages(IEnumerable<PageInfo> details) => PageRanges.Format(details.Select(d => d.Number).ToList());

    private static void AddIfPresent(Dictionary<string, string> metadata, string key, string value)
    {
        if (value.Length > 0)
        {
            metadata[key] = value;
        }
    }

    private static PdfExtractionResult EmptyFile() =>
        PdfExtractionResult.Failed(PdfFailureReason.Empty, "The file is empty (0 bytes).");

    /// <summary>
    /// PdfPig reports malformed input through many exception types (format, argument, index, invalid
    /// operation...), so everything except cancellation and exhaustion counts as a parse failure.
    /// </summary>
    private static bool IsParseFailure(Exception ex) =>
        ex is not OperationCanceledException and not OutOfMemoryException;

    [LoggerMessage(Level = LogLevel.Debug, Message = "OCR'd page {Page} of {ExternalId} ({Reason}): confidence {Confidence} in {Seconds:0.0} s")]
    private partial void LogPageRecognised(string externalId, int page, string? reason, double? confidence, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{ExternalId} declares {DeclaredPages} pages but its page tree holds {Pages}; the tree is read")]
    private partial void LogPageCountMismatch(string externalId, long declaredPages, int pages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped page {Page} of {ExternalId}: {Note}")]
    private partial void LogPageSkipped(string externalId, int page, string note);

    /// <summary>The text layer of every page, read before any page is OCR'd.</summary>
    private sealed record TextLayer(IReadOnlyList<PageReading> Pages, string? InfoTitle, string? Producer);

    /// <param name="Error">PdfPig's message when the page could not be parsed; then nothing else is known.</param>
    private sealed record PageReading(
        int Number,
        IReadOnlyList<TextRegion> Regions,
        TextLayerAssessment Assessment,
        double Width,
        double Height,
        bool LayoutFallback,
        string? Error);
}
