using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// PdfPig's Flate filter inflates a whole stream into one growing array, so a few megabytes of deflated zeros
/// become gigabytes before anything can look at them (deflate expands up to 1032:1). This one measures first,
/// in 64 KB pieces that are thrown away, and lets PdfPig's filter (with its predictors and salvaging of damaged
/// streams) decode only what fits. Real content streams are small, so inflating them twice costs little.
/// </summary>
internal sealed class BoundedFlateFilter(InflationGuard guard) : IFilter
{
    private const int PieceLength = 64 * 1024;
    private static readonly FlateFilter Inner = new();

    public bool IsSupported => true;

    public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
    {
        if (DecodedLengthExceeds(input, guard.Allowance, out var counted))
        {
            throw guard.Refuse("Flate", input.Length, counted);
        }
        var decoded = Inner.Decode(input, streamDictionary, filterProvider, filterIndex);
        guard.Admitted(decoded.Length);
        return decoded;
    }

    /// <summary>True when <paramref name="compressed"/> inflates to more than <paramref name="limit"/> bytes.</summary>
    /// <param name="counted">Where inflating stopped when it returns true: the first piece past the limit.</param>
    public static bool DecodedLengthExceeds(ReadOnlyMemory<byte> compressed, long limit, out long counted)
    {
        counted = 0;
        // Deflate cannot expand more than 1032:1, so most streams are cleared without inflating anything.
        if (compressed.Length * 1032L <= limit || compressed.Length <= 2)
        {
            return false;
        }
        var piece = ArrayPool<byte>.Shared.Rent(PieceLength);
        try
        {
            // The two-byte zlib header is skipped, as PdfPig does: many writers get its checksum wrong.
            var body = compressed[2..];
            using var source = MemoryMarshal.TryGetArray(body, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(body.ToArray(), writable: false);
            using var inflater = new DeflateStream(source, CompressionMode.Decompress);
            while (true)
            {
                int read;
                try
                {
                    read = inflater.Read(piece, 0, PieceLength);
                }
                catch (InvalidDataException)
                {
                    // Damaged from here on: what inflated so far is all PdfPig can salvage either.
                    return false;
                }
                if (read == 0)
                {
                    return false;
                }
                counted += read;
                if (counted > limit)
                {
                    return true;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(piece);
        }
    }
}
