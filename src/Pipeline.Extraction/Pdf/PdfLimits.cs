namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Bounds on what one PDF may cost before it is quarantined instead of read. The file-size limit of the source
/// bounds the bytes; these bound what the bytes expand to: pages to lay out and streams to inflate.
/// </summary>
public sealed record PdfLimits
{
    public const int MaxPagesCeiling = 1_000_000;
    public const long MaxDecodedStreamBytesCeiling = 2L * 1024 * 1024 * 1024;
    public const long MaxDecodedDocumentBytesCeiling = 64L * 1024 * 1024 * 1024;

    /// <summary>A document whose page tree holds more pages is quarantined as <see cref="PdfFailureReason.TooManyPages"/>.</summary>
    public int MaxPages { get; init; } = 5000;

    /// <summary>
    /// A stream that inflates beyond this is a <see cref="PdfFailureReason.DecompressionBomb"/>. Real content streams
    /// are kilobytes and a page-sized Flate image at 600 dpi in colour about 100 MB, so 256 MB leaves room for both.
    /// </summary>
    public long MaxDecodedStreamBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// When the streams of one document decode to more than this in all, it is a
    /// <see cref="PdfFailureReason.DecompressionBomb"/> too: many streams each under the stream limit add up. Every
    /// decode counts. Text extraction decodes little (content streams, fonts, CMaps; images only when asked): the
    /// largest total in the test corpus is 2.8 MB (a scanned financial report), the 400-page IRS manual 1.2 MB.
    /// </summary>
    public long MaxDecodedDocumentBytes { get; init; } = 2048L * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem at once.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (MaxPages is < 1 or > MaxPagesCeiling)
        {
            problems.Add($"MaxPages {MaxPages} must be between 1 and {MaxPagesCeiling:N0}");
        }
        // The ceiling is the largest array .NET hands out; PdfPig decodes a stream into one.
        if (MaxDecodedStreamBytes is < 1024 * 1024 or > MaxDecodedStreamBytesCeiling)
        {
            problems.Add($"MaxDecodedStreamBytes {MaxDecodedStreamBytes} must be between 1 MiB and 2 GiB");
        }
        if (MaxDecodedDocumentBytes < MaxDecodedStreamBytes || MaxDecodedDocumentBytes > MaxDecodedDocumentBytesCeiling)
        {
            problems.Add($"MaxDecodedDocumentBytes {MaxDecodedDocumentBytes} must be between MaxDecodedStreamBytes ({MaxDecodedStreamBytes}) and 64 GiB");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(PdfLimits)}: {string.Join("; ", problems)}");
        }
    }
}
