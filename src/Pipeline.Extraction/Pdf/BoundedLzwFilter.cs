using System.Buffers;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// PdfPig's LZW filter writes the whole output into one growing stream, and 12-bit LZW expands up to about
/// 2,600:1 (a full table's longest entry, 3,839 bytes, repeated for every 1.5 bytes of codes), so a megabyte of
/// codes can become gigabytes. This one first counts what the codes decode to without producing a byte: a table
/// entry is the previous code's sequence plus one byte, so its length is all a counter needs. Only a stream
/// within the allowance is handed to PdfPig's filter, which decodes it (predictors included).
/// </summary>
internal sealed class BoundedLzwFilter(InflationGuard guard) : IFilter
{
    private const int ClearTable = 256;
    private const int EndOfData = 257;
    private const int FirstFreeCode = 258;
    private const int MaxCodes = 4096;

    /// <summary>No code can stand for more bytes than this: an entry is at most one byte longer than the entry before it.</summary>
    private const int LongestSequence = MaxCodes;

    private static readonly LzwFilter Inner = new();

    public bool IsSupported => true;

    public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
    {
        var parameters = DecodeParameterResolver.GetFilterParameters(streamDictionary, filterIndex);
        // Read as PdfPig reads it: anything but 1 switches widths at the exact boundary.
        var earlyChange = !(parameters.TryGet(NameToken.EarlyChange, out NumericToken value) && value.Int != 1);
        if (DecodedLengthExceeds(input.Span, earlyChange, guard.Allowance, out var counted))
        {
            throw guard.Refuse("LZW", input.Length, counted);
        }
        var decoded = Inner.Decode(input, streamDictionary, filterProvider, filterIndex);
        guard.Admitted(decoded.Length);
        return decoded;
    }

    /// <summary>True when the codes in <paramref name="encoded"/> decode to more than <paramref name="limit"/> bytes.</summary>
    /// <param name="counted">Where counting stopped when it returns true: past the limit by less than one sequence.</param>
    public static bool DecodedLengthExceeds(ReadOnlySpan<byte> encoded, bool earlyChange, long limit, out long counted)
    {
        counted = 0;
        // Every code is at least 9 bits, so most streams are cleared without reading a code.
        if (encoded.Length * 8L / 9 * LongestSequence <= limit)
        {
            return false;
        }
        counted = DecodedLength(encoded, earlyChange, limit);
        return counted > limit;
    }

    /// <summary>
    /// The number of bytes PdfPig's LZW filter writes for <paramref name="encoded"/>, counting stopped as soon as it
    /// passes <paramref name="stopAfter"/>. Follows PdfPig where codes go wrong, since what matters is what PdfPig
    /// would write before it stops: a code past the table after another code is taken as that code's sequence plus
    /// its first byte; data that ends without an end-of-data code, or a code past the table with none before it,
    /// ends the count, as it makes PdfPig throw.
    /// </summary>
    public static long DecodedLength(ReadOnlySpan<byte> encoded, bool earlyChange, long stopAfter = long.MaxValue)
    {
        var lengths = ArrayPool<int>.Shared.Rent(MaxCodes);
        try
        {
            var widthOffset = earlyChange ? 0 : 1;
            // PdfPig's table never stops growing (entries past 4095 cannot be named by a 12-bit code but still
            // count towards the width), so its size is kept apart from the lengths that can be looked up.
            var tableSize = FirstFreeCode;
            var width = 9;
            var previousLength = -1;
            long position = 0;
            long total = 0;
            long bits = encoded.Length * 8L;
            while (position + width <= bits)
            {
                var code = Read(encoded, position, width);
                position += width;
                if (code == EndOfData)
                {
                    break;
                }
                if (code == ClearTable)
                {
                    tableSize = FirstFreeCode;
                    width = 9;
                    previousLength = -1;
                    continue;
                }
                int length;
                if (code < tableSize)
                {
                    length = code < ClearTable ? 1 : lengths[code];
                }
                else if (previousLength > 0)
                {
                    length = previousLength + 1;
                }
                else
                {
                    break;
                }
                if (previousLength > 0)
                {
                    if (tableSize < MaxCodes)
                    {
                        lengths[tableSize] = previousLength + 1;
                    }
                    tableSize++;
                }
                total += length;
                if (total > stopAfter)
                {
                    break;
                }
                previousLength = length;
                width = tableSize >= 2047 + widthOffset ? 12 : tableSize >= 1023 + widthOffset ? 11 : tableSize >= 511 + widthOffset ? 10 : 9;
            }
            return total;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(lengths);
        }
    }

    /// <summary>The <paramref name="width"/>-bit code at bit <paramref name="position"/>, most significant bit first.</summary>
    private static int Read(ReadOnlySpan<byte> data, long position, int width)
    {
        var index = (int)(position >> 3);
        // Three bytes hold any code of up to 12 bits wherever it starts; bytes past the end read as zero.
        var window = (data[index] << 16)
            | (index + 1 < data.Length ? data[index + 1] << 8 : 0)
            | (index + 2 < data.Length ? data[index + 2] : 0);
        var shift = 24 - (int)(position & 7) - width;
        return (window >> shift) & ((1 << width) - 1);
    }
}
