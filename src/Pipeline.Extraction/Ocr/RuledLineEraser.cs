namespace Pipeline.Extraction.Ocr;

/// <summary>
/// Paints long, thin horizontal and vertical rules (underlines, table borders, form lines) in the page's
/// background grey. Tesseract's page segmentation takes an underlined heading for a picture and drops it, and
/// reads table borders as "|" inside words; letters are never both this long and this thin, so they stay.
/// </summary>
internal static class RuledLineEraser
{
    // A third of an inch: longer than any letter stroke of body or heading type, shorter than any real rule.
    private const double MinLengthInches = 1.0 / 3;

    // A fortieth of an inch (7 px at 300 dpi): thicker than a typed underline, thinner than a 30 pt letter stem.
    private const double MaxThicknessInches = 1.0 / 40;

    // Rows of a rule are nearly solid along its whole length; the rows of letters sitting on it are not.
    private const double SolidShare = 0.9;

    /// <returns>The number of rules erased.</returns>
    public static int Erase(GrayImage image, int dpi)
    {
        var histogram = Histogram(image.Pixels);
        var ink = InkThreshold(histogram);
        var background = Background(histogram);
        var minLength = Math.Max(2, (int)(dpi * MinLengthInches));
        var maxThickness = Math.Max(2, (int)(dpi * MaxThicknessInches));

        return EraseAlong(new Raster(image, transposed: false), ink, background, minLength, maxThickness)
            + EraseAlong(new Raster(image, transposed: true), ink, background, minLength, maxThickness);
    }

    /// <summary>Erases rules running along the raster's rows (the image's columns when transposed).</summary>
    private static int EraseAlong(Raster raster, byte ink, byte background, int minLength, int maxThickness)
    {
        var rules = new List<(int Row, int Start, int End)>();
        for (var row = 0; row < raster.Rows; row++)
        {
            var start = -1;
            for (var i = 0; i <= raster.Length; i++)
            {
                var dark = i < raster.Length && raster[row, i] < ink;
                if (dark && start < 0)
                {
                    start = i;
                }
                else if (!dark && start >= 0)
                {
                    if (i - start >= minLength)
                    {
                        rules.Add((row, start, i));
                    }
                    start = -1;
                }
            }
        }

        var erased = 0;
        foreach (var (row, start, end) in rules)
        {
            // Grow the rule across its width while neighbouring rows are solid too; a solid block (a photo's
            // shadow, a black bar) grows past the limit and is left alone.
            var top = row;
            while (top - 1 >= 0 && row - top < maxThickness && IsSolid(raster, top - 1, start, end, ink))
            {
                top--;
            }
            var bottom = row;
            while (bottom + 1 < raster.Rows && bottom - row < maxThickness && IsSolid(raster, bottom + 1, start, end, ink))
            {
                bottom++;
            }
            if (bottom - top + 1 > maxThickness)
            {
                continue;
            }

            // One more pixel on every side takes the anti-aliased fringe that would otherwise still read as a line.
            for (var r = Math.Max(0, top - 1); r <= Math.Min(raster.Rows - 1, bottom + 1); r++)
            {
                for (var i = Math.Max(0, start - 1); i < Math.Min(raster.Length, end + 1); i++)
                {
                    raster[r, i] = background;
                }
            }
            erased++;
        }
        return erased;
    }

    private static bool IsSolid(Raster raster, int row, int start, int end, byte ink)
    {
        var dark = 0;
        for (var i = start; i < end; i++)
        {
            if (raster[row, i] < ink)
            {
                dark++;
            }
        }
        return dark >= SolidShare * (end - start);
    }

    /// <summary>Otsu's threshold: scans often have grey paper, so "dark" must be relative to this page.</summary>
    private static byte InkThreshold(long[] histogram)
    {
        double total = 0, sumAll = 0;
        for (var i = 0; i < 256; i++)
        {
            total += histogram[i];
            sumAll += i * (double)histogram[i];
        }

        double weightBelow = 0, sumBelow = 0, best = -1;
        var threshold = 128;
        for (var t = 0; t < 256; t++)
        {
            weightBelow += histogram[t];
            if (weightBelow == 0)
            {
                continue;
            }
            var weightAbove = total - weightBelow;
            if (weightAbove == 0)
            {
                break;
            }
            sumBelow += t * (double)histogram[t];
            var meanBelow = sumBelow / weightBelow;
            var meanAbove = (sumAll - sumBelow) / weightAbove;
            var between = weightBelow * weightAbove * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (between > best)
            {
                best = between;
                threshold = t + 1;
            }
        }
        return (byte)Math.Min(threshold, 255);
    }

    /// <summary>The most common grey: the paper.</summary>
    private static byte Background(long[] histogram)
    {
        var mode = 255;
        for (var i = 0; i < 256; i++)
        {
            if (histogram[i] > histogram[mode])
            {
                mode = i;
            }
        }
        return (byte)mode;
    }

    private static long[] Histogram(ReadOnlySpan<byte> pixels)
    {
        var histogram = new long[256];
        foreach (var p in pixels)
        {
            histogram[p]++;
        }
        return histogram;
    }

    /// <summary>The image seen row by row, or column by column, so one scan finds both kinds of rule.</summary>
    private readonly ref struct Raster
    {
        private readonly Span<byte> _pixels;
        private readonly int _width;
        private readonly bool _transposed;

        public Raster(GrayImage image, bool transposed)
        {
            _pixels = image.Pixels;
            _width = image.Width;
            _transposed = transposed;
            Rows = transposed ? image.Width : image.Height;
            Length = transposed ? image.Height : image.Width;
        }

        public int Rows { get; }

        public int Length { get; }

        public byte this[int row, int i]
        {
            get => _transposed ? _pixels[i * _width + row] : _pixels[row * _width + i];
            set
            {
                if (_transposed)
                {
                    _pixels[i * _width + row] = value;
                }
                else
                {
                    _pixels[row * _width + i] = value;
                }
            }
        }
    }
}
