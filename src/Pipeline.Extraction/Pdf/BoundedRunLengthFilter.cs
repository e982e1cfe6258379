using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// RunLength expands at most 64:1 (two bytes make a run of 128), which still turns a large file into gigabytes
/// in PdfPig's growing buffer. Counting its output is a walk over the length bytes, so it is counted before
/// PdfPig's filter decodes it.
/// </summary>
internal sealed class BoundedRunLengthFilter(InflationGuard guard) : IFilter
{
    private const int EndOfData = 128;
    private const int MaxExpansion = 64;

    private static readonly RunLengthFilter Inner = new();

    public bool IsSupported => true;

    public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
    {
        var allowance = guard.Allowance;
        if (input.Length * (long)MaxExpansion > allowance && DecodedLength(input.Span) is var counted && counted > allowance)
        {
            throw guard.Refuse("RunLength", input.Length, counted);
        }
        var decoded = Inner.Decode(input, streamDictionary, filterProvider, filterIndex);
        guard.Admitted(decoded.Length);
        return decoded;
    }

    /// <summary>The number of bytes the runs in <paramref name="encoded"/> decode to; a run cut off by the end of the data ends the count, as it makes PdfPig throw.</summary>
    public static long DecodedLength(ReadOnlySpan<byte> encoded)
    {
        long total = 0;
        var index = 0;
        while (index < encoded.Length && encoded[index] != EndOfData)
        {
            var length = encoded[index];
            // 0 to 127: that many bytes plus one follow literally; 129 to 255: the next byte repeated 257 - length times.
            var (written, consumed) = length < EndOfData ? (length + 1, length + 2) : (257 - length, 2);
            if (index + consumed > encoded.Length)
            {
                break;
            }
            total += written;
            index += consumed;
        }
        return total;
    }
}
