using System.Text;

namespace Pipeline.Extraction.Ocr;

/// <summary>
/// An 8-bit greyscale raster as pdftoppm writes it with <c>-gray</c> (binary PGM). PGM rather than PNG: writing
/// it costs a fifth of the time, and the file lives only until Tesseract has read it.
/// </summary>
internal sealed class GrayImage
{
    private const byte White = 255;

    private readonly byte[] _file;
    private readonly int _pixelOffset;

    private GrayImage(int width, int height, byte[] file, int pixelOffset)
    {
        Width = width;
        Height = height;
        _file = file;
        _pixelOffset = pixelOffset;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major, one byte per pixel, 0 = black.</summary>
    public Span<byte> Pixels => _file.AsSpan(_pixelOffset);

    /// <summary>Null when the file is not an 8-bit binary PGM (then it is left for Tesseract as it is).</summary>
    public static async Task<GrayImage?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var position = 0;
        if (NextToken(bytes, ref position) != "P5"
            || !int.TryParse(NextToken(bytes, ref position), out var width)
            || !int.TryParse(NextToken(bytes, ref position), out var height)
            || NextToken(bytes, ref position) != "255"
            || width <= 0 || height <= 0)
        {
            return null;
        }
        position++; // the single whitespace byte that ends the header
        if ((long)width * height != bytes.Length - position)
        {
            return null;
        }
        return new GrayImage(width, height, bytes, position);
    }

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await file.WriteAsync(Encoding.ASCII.GetBytes($"P5\n{Width} {Height}\n{White}\n"), cancellationToken);
        await file.WriteAsync(_file.AsMemory(_pixelOffset), cancellationToken);
    }

    private static string NextToken(byte[] bytes, ref int position)
    {
        while (position < bytes.Length)
        {
            if (bytes[position] == '#')
            {
                while (position < bytes.Length && bytes[position] != '\n')
                {
                    position++;
                }
            }
            else if (char.IsWhiteSpace((char)bytes[position]))
            {
                position++;
            }
            else
            {
                break;
            }
        }
        var start = position;
        while (position < bytes.Length && !char.IsWhiteSpace((char)bytes[position]))
        {
            position++;
        }
        return Encoding.ASCII.GetString(bytes, start, position - start);
    }
}
