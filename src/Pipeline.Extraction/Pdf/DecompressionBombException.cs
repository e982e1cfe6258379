namespace Pipeline.Extraction.Pdf;

/// <summary>A stream inflated past <see cref="PdfLimits.MaxDecodedStreamBytes"/>; decoding stopped at the limit.</summary>
internal sealed class DecompressionBombException(long compressedBytes, long limitBytes)
    : Exception($"A {compressedBytes:N0}-byte Flate stream inflates to more than {limitBytes:N0} bytes")
{
    public long CompressedBytes { get; } = compressedBytes;

    public long LimitBytes { get; } = limitBytes;
}
