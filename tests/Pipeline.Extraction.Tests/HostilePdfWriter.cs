using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Pipeline.Extraction.Tests;

/// <summary>
/// Writes the raw bytes of PDFs built to hurt a reader: tens of thousands of pages sharing one content stream,
/// a page tree whose /Count lies, a content stream of a few megabytes that inflates to gigabytes. Written by
/// hand because no PDF library will produce a lying or hostile file on purpose.
/// </summary>
internal static class HostilePdfWriter
{
    /// <summary>Enough words that the paragraph is not taken for a running header repeated on every page.</summary>
    public const string PageText =
        "This page belongs to a very long generated document whose pages all share one content stream, " +
        "written to test how the pipeline copes with a huge page count without running out of time or memory.";

    /// <summary>A flat page tree of <paramref name="pages"/> pages; its root's /Count says <paramref name="declaredCount"/> (default: the truth).</summary>
    public static byte[] ManyPages(int pages, long? declaredCount = null)
    {
        var content = Encoding.ASCII.GetBytes($"BT /F1 11 Tf 72 720 Td ({PageText}) Tj ET");
        var objects = new List<byte[]>
        {
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii(PagesNode(pages, declaredCount ?? pages)),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            Stream($"/Length {content.Length}", content),
        };
        for (var i = 0; i < pages; i++)
        {
            objects.Add(Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"));
        }
        return Assemble(objects);
    }

    /// <summary>One page whose Flate content stream inflates to <paramref name="decodedBytes"/> (mostly spaces).</summary>
    public static byte[] DecompressionBomb(long decodedBytes)
    {
        var compressed = DeflatedSpaces(decodedBytes);
        return Assemble(
        [
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Kids [4 0 R] /Count 1 >>"),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>"),
            Stream($"/Length {compressed.Length} /Filter /FlateDecode", compressed),
        ]);
    }

    /// <summary>One page whose content stream is <paramref name="encoded"/>, decoded by <paramref name="filterEntries"/> (e.g. "/Filter /LZWDecode").</summary>
    public static byte[] EncodedPage(byte[] encoded, string filterEntries) => Assemble(
    [
        Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
        Ascii("<< /Type /Pages /Kids [4 0 R] /Count 1 >>"),
        Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>"),
        Stream($"/Length {encoded.Length} {filterEntries}", encoded),
    ]);

    /// <summary>
    /// <paramref name="pages"/> pages, each with a Flate content stream of its own that inflates to
    /// <paramref name="decodedBytesEach"/>: every stream may be under the stream limit while all of them are not.
    /// </summary>
    public static byte[] ManyDeflatedPages(int pages, long decodedBytesEach)
    {
        var compressed = DeflatedSpaces(decodedBytesEach);
        var kids = string.Join(" ", Enumerable.Range(0, pages).Select(i => $"{4 + 2 * i} 0 R"));
        var objects = new List<byte[]>
        {
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii($"<< /Type /Pages /Kids [{kids}] /Count {pages} >>"),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        };
        for (var i = 0; i < pages; i++)
        {
            objects.Add(Ascii($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"));
            objects.Add(Stream($"/Length {compressed.Length} /Filter /FlateDecode", compressed));
        }
        return Assemble(objects);
    }

    /// <summary>
    /// A page whose own content is plain text and which draws a form XObject whose Flate stream inflates to
    /// <paramref name="decodedBytes"/>: the bomb is one level down, where only the content parser looks.
    /// </summary>
    public static byte[] FormXObjectBomb(long decodedBytes)
    {
        var compressed = DeflatedSpaces(decodedBytes);
        var content = Encoding.ASCII.GetBytes($"BT /F1 11 Tf 72 720 Td ({PageText}) Tj ET q /X1 Do Q");
        return Assemble(
        [
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Kids [4 0 R] /Count 1 >>"),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> /XObject << /X1 6 0 R >> >> /Contents 5 0 R >>"),
            Stream($"/Length {content.Length}", content),
            Stream($"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Length {compressed.Length} /Filter /FlateDecode", compressed),
        ]);
    }

    /// <summary>A valid content stream (one line of text) padded with spaces to <paramref name="decodedBytes"/>, zlib-compressed.</summary>
    private static byte[] DeflatedSpaces(long decodedBytes)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var text = Encoding.ASCII.GetBytes("BT /F1 11 Tf 72 720 Td (A page with a very long tail) Tj ET\n");
            zlib.Write(text);
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            for (var left = decodedBytes - text.Length; left > 0; left -= spaces.Length)
            {
                zlib.Write(spaces, 0, (int)Math.Min(left, spaces.Length));
            }
        }
        return output.ToArray();
    }

    private static string PagesNode(int pages, long declaredCount)
    {
        var kids = new StringBuilder("<< /Type /Pages /Kids [");
        for (var i = 0; i < pages; i++)
        {
            kids.Append(CultureInfo.InvariantCulture, $"{i + 5} 0 R ");
        }
        return kids.Append(CultureInfo.InvariantCulture, $"] /Count {declaredCount} >>").ToString();
    }

    private static byte[] Stream(string dictionary, byte[] data) =>
        [.. Ascii($"<< {dictionary} >>\nstream\n"), .. data, .. Ascii("\nendstream")];

    /// <summary>Numbers the objects from 1 and adds the header, cross-reference table and trailer.</summary>
    private static byte[] Assemble(IReadOnlyList<byte[]> objects)
    {
        using var pdf = new MemoryStream();
        pdf.Write(Ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"));
        var offsets = new long[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            offsets[i] = pdf.Position;
            pdf.Write(Ascii($"{i + 1} 0 obj\n"));
            pdf.Write(objects[i]);
            pdf.Write(Ascii("\nendobj\n"));
        }
        var xref = pdf.Position;
        var table = new StringBuilder().Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f\r\n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n\r\n");
        }
        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        pdf.Write(Ascii(table.ToString()));
        return pdf.ToArray();
    }

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);
}
