using Pipeline.Core.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Turns a born-digital PDF into a <see cref="SourceDocument"/> of headings and paragraphs in reading order,
/// one page at a time. Input problems come back as a classified <see cref="PdfExtractionResult"/>; only
/// cancellation and I/O errors on the caller's own stream or path are thrown.
/// </summary>
public sealed class PdfTextExtractor
{
    /// <param name="externalId">The id the source knows the file by, e.g. its path relative to the folder.</param>
    /// <param name="title">Overrides the title found in the PDF.</param>
    /// <param name="password">User (or owner) password for encrypted files.</param>
    public PdfExtractionResult Extract(
        ReadOnlyMemory<byte> pdf,
        string externalId,
        string? title = null,
        string? password = null,
        CancellationToken cancellationToken = default)
    {
        if (pdf.IsEmpty)
        {
            return EmptyFile();
        }
        return Extract(options => PdfDocument.Open(pdf, options), externalId, title, password, cancellationToken);
    }

    /// <param name="pdf">Read from its current position; left open. A non-seekable stream is buffered in memory.</param>
    public PdfExtractionResult Extract(
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
            pdf.CopyTo(buffer);
            return Extract(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), externalId, title, password, cancellationToken);
        }
        if (pdf.Length == 0)
        {
            return EmptyFile();
        }
        return Extract(options => PdfDocument.Open(pdf, options), externalId, title, password, cancellationToken);
    }

    public PdfExtractionResult ExtractFile(
        string path,
        string externalId,
        string? title = null,
        string? password = null,
        CancellationToken cancellationToken = default)
    {
        using var stream = File.OpenRead(path);
        return Extract(stream, externalId, title, password, cancellationToken);
    }

    private static PdfExtractionResult Extract(
        Func<ParsingOptions, PdfDocument> open,
        string externalId,
        string? title,
        string? password,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Lenient parsing repairs broken cross-reference tables and bad offsets, which real-world files
        // (old scanners, Google Drive exports, truncated uploads) need far more often than strictness helps.
        var options = new ParsingOptions { UseLenientParsing = true };
        if (password is not null)
        {
            options.Password = password;
        }

        try
        {
            using var document = open(options);
            return Read(document, externalId, title, cancellationToken);
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
            return PdfExtractionResult.Failed(PdfFailureReason.Corrupt, $"The PDF could not be parsed: {ex.Message}");
        }
    }

    private static PdfExtractionResult Read(PdfDocument document, string externalId, string? title, CancellationToken cancellationToken)
    {
        var pageCount = document.NumberOfPages;
        if (pageCount == 0)
        {
            return PdfExtractionResult.Failed(PdfFailureReason.Corrupt, "The PDF has no pages.");
        }

        var regions = new List<TextRegion>();
        var report = new PageReport();
        for (var number = 1; number <= pageCount; number++)
        {
            // Checked per page: a 400-page manual takes long enough that a cancelled job must stop mid-way.
            cancellationToken.ThrowIfCancellationRequested();
            var pageRegions = ReadPage(document, number, report);
            if (pageRegions is null)
            {
                continue;
            }
            if (pageRegions.Count == 0)
            {
                report.WithoutText.Add(number);
            }
            regions.AddRange(pageRegions);
        }

        if (regions.Count == 0)
        {
            return report.Unreadable.Count == pageCount
                ? PdfExtractionResult.Failed(PdfFailureReason.Corrupt, $"No page of the PDF could be read: {report.FirstError}")
                : PdfExtractionResult.Failed(PdfFailureReason.NoText, $"None of the {pageCount} page(s) has extractable text; it may be a scan.");
        }

        var blocks = HeadingClassifier.Classify(RunningTextFilter.Apply(regions, pageCount));
        var information = document.Information;
        return PdfExtractionResult.Success(new SourceDocument(
            externalId,
            DocumentTitle.Choose(title, information.Title, blocks, externalId),
            blocks,
            pageCount,
            Metadata(pageCount, information, report)));
    }

    /// <summary>Reads one page; a page that cannot be parsed is recorded and skipped (null), not fatal.</summary>
    private static IReadOnlyList<TextRegion>? ReadPage(PdfDocument document, int number, PageReport report)
    {
        try
        {
            var page = document.GetPage(number);
            var regions = PageLayoutReader.Read(page, out var usedFallback);
            if (usedFallback)
            {
                report.LayoutFallback.Add(number);
            }
            return regions;
        }
        catch (PdfDocumentEncryptedException)
        {
            throw;
        }
        catch (Exception ex) when (IsParseFailure(ex))
        {
            report.Unreadable.Add(number);
            report.FirstError ??= ex.Message;
            return null;
        }
    }

    private static Dictionary<string, string> Metadata(int pageCount, DocumentInformation information, PageReport report)
    {
        var metadata = new Dictionary<string, string> { ["pages"] = pageCount.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        AddIfPresent(metadata, "title", TextNormaliser.Normalise(information.Title ?? string.Empty));
        AddIfPresent(metadata, "producer", TextNormaliser.Normalise(information.Producer ?? string.Empty));

        // Kept so that a later OCR pass knows which pages to look at and operators can see degraded pages.
        AddIfPresent(metadata, "pages-without-text", PageRanges.Format(report.WithoutText));
        AddIfPresent(metadata, "layout-fallback-pages", PageRanges.Format(report.LayoutFallback));
        AddIfPresent(metadata, "unreadable-pages", PageRanges.Format(report.Unreadable));
        return metadata;
    }

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

    private sealed class PageReport
    {
        public List<int> WithoutText { get; } = [];

        public List<int> LayoutFallback { get; } = [];

        public List<int> Unreadable { get; } = [];

        public string? FirstError { get; set; }
    }
}
