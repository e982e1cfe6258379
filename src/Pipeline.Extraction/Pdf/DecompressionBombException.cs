namespace Pipeline.Extraction.Pdf;

/// <summary>
/// A stream decoded past <see cref="PdfLimits.MaxDecodedStreamBytes"/>, or the streams of one document past
/// <see cref="PdfLimits.MaxDecodedDocumentBytes"/> in all; decoding stopped at the limit.
/// </summary>
internal sealed class DecompressionBombException : Exception
{
    private DecompressionBombException(string message, long compressedBytes, long limitBytes)
        : base(message)
    {
        CompressedBytes = compressedBytes;
        LimitBytes = limitBytes;
    }

    /// <summary>The encoded length of the stream that was being decoded when the limit was passed.</summary>
    public long CompressedBytes { get; }

    public long LimitBytes { get; }

    /// <param name="filter">The filter's name as people know it: Flate, LZW, RunLength.</param>
    public static DecompressionBombException Stream(string filter, long compressedBytes, long limitBytes) =>
        new($"A {compressedBytes:N0}-byte {filter} stream inflates to more than {limitBytes:N0} bytes", compressedBytes, limitBytes);

    /// <param name="decodedBytes">What the document's streams had decoded to when counting stopped, the last one included.</param>
    public static DecompressionBombException DocumentTotal(string filter, long compressedBytes, long decodedBytes, long limitBytes) =>
        new($"The document's streams inflate to {decodedBytes:N0} bytes in all, over the document limit of {limitBytes:N0} bytes " +
            $"(passed in a {compressedBytes:N0}-byte {filter} stream)", compressedBytes, limitBytes);
}
