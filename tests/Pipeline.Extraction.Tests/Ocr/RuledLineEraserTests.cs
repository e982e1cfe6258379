using System.Text;
using Pipeline.Extraction.Ocr;

namespace Pipeline.Extraction.Tests.Ocr;

public sealed class RuledLineEraserTests : IDisposable
{
    private const int Dpi = 300;
    private const int Width = 600;
    private const int Height = 200;
    private const byte Paper = 230;
    private const byte Ink = 20;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ruled-{Guid.NewGuid():N}.pgm");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Underline_is_painted_over_and_letters_and_solid_blocks_stay()
    {
        var pixels = Enumerable.Repeat(Paper, Width * Height).ToArray();
        Fill(pixels, x0: 50, y0: 40, width: 20, height: 30);   // a letter, sitting on the rule
        Fill(pixels, x0: 50, y0: 70, width: 400, height: 3);   // the underline: 1.3 inches long, 3 px thin
        Fill(pixels, x0: 100, y0: 120, width: 300, height: 60); // a black bar, too thick to be a rule
        await WriteAsync(pixels);

        var image = (await GrayImage.ReadAsync(_path, CancellationToken.None))!;
        var erased = RuledLineEraser.Erase(image, Dpi);

        var result = image.Pixels.ToArray();
        Assert.True(erased > 0);
        Assert.Equal(Paper, result[71 * Width + 300]);  // the rule is gone
        Assert.Equal(Ink, result[50 * Width + 60]);     // the letter is not
        Assert.Equal(Ink, result[150 * Width + 250]);   // nor the bar
    }

    [Fact]
    public async Task Image_without_rules_is_left_alone()
    {
        var pixels = Enumerable.Repeat(Paper, Width * Height).ToArray();
        Fill(pixels, x0: 10, y0: 10, width: 30, height: 40);
        await WriteAsync(pixels);

        var image = (await GrayImage.ReadAsync(_path, CancellationToken.None))!;

        Assert.Equal(0, RuledLineEraser.Erase(image, Dpi));
    }

    [Fact]
    public async Task Files_that_are_not_8_bit_pgm_are_not_read()
    {
        await File.WriteAllBytesAsync(_path, Encoding.ASCII.GetBytes("P6\n2 2\n255\n123456789012"));

        Assert.Null(await GrayImage.ReadAsync(_path, CancellationToken.None));
    }

    private static void Fill(byte[] pixels, int x0, int y0, int width, int height)
    {
        for (var y = y0; y < y0 + height; y++)
        {
            Array.Fill(pixels, Ink, y * Width + x0, width);
        }
    }

    private async Task WriteAsync(byte[] pixels)
    {
        await using var file = File.Create(_path);
        await file.WriteAsync(Encoding.ASCII.GetBytes($"P5\n{Width} {Height}\n255\n"));
        await file.WriteAsync(pixels);
    }
}
