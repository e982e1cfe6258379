using System.Text;
using Pipeline.Extraction.Pdf;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Pipeline.Extraction.Tests;

/// <summary>
/// The LZW and RunLength counters must agree with what PdfPig's own filters write, or a bomb could slip past
/// them; and they must end on any input, since a hostile file chooses it.
/// </summary>
public sealed class LzwDecodedLengthTests
{
    public static TheoryData<string, bool> Inputs => new()
    {
        { "markdown", true }, { "markdown", false },
        { "pdf-bytes", true }, { "pdf-bytes", false },
        { "random", true }, { "random", false },
        { "runs", true }, { "runs", false },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_counted_length_is_what_PdfPigs_lzw_filter_decodes(string input, bool earlyChange)
    {
        var data = Input(input);
        var encoded = LzwWriter.Encode(data, earlyChange);

        var decoded = DecodeWithPdfPig(encoded, earlyChange);

        Assert.Equal(data, decoded);
        Assert.Equal(decoded.Length, BoundedLzwFilter.DecodedLength(encoded, earlyChange));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_counted_length_of_a_worst_case_stream_is_what_PdfPig_decodes(bool earlyChange)
    {
        var encoded = LzwWriter.Bomb("BT ET\n"u8, 20 * 1024 * 1024, earlyChange);

        var decoded = DecodeWithPdfPig(encoded, earlyChange);

        Assert.InRange(decoded.Length, 20 * 1024 * 1024, 20 * 1024 * 1024 + 4096);
        Assert.Equal(decoded.Length, BoundedLzwFilter.DecodedLength(encoded, earlyChange));
    }

    [Fact]
    public void The_counted_length_of_a_real_files_lzw_stream_is_what_PdfPig_decodes()
    {
        // The NRC report's indexed colour space keeps its palette behind /ASCII85Decode /LZWDecode.
        using var document = PdfDocument.Open(RepositoryPaths.CorpusPdf("nrc-owners-of-nuclear-plants-tables-90p.pdf"));
        var stream = Assert.IsType<StreamToken>(document.Structure.GetObject(new IndirectReference(285, 1)).Data);
        var codes = new Ascii85Filter().Decode(stream.Data.ToArray(), stream.StreamDictionary, DefaultFilterProvider.Instance, 0);

        var decoded = new LzwFilter().Decode(codes, stream.StreamDictionary, DefaultFilterProvider.Instance, 1);

        Assert.Equal(3 * 256, decoded.Length);
        Assert.Equal(decoded.Length, BoundedLzwFilter.DecodedLength(codes.Span, earlyChange: true));
    }

    [Fact]
    public void Counting_stops_just_past_the_limit()
    {
        var encoded = LzwWriter.Bomb(""u8, 1024L * 1024 * 1024, earlyChange: true);

        Assert.True(BoundedLzwFilter.DecodedLengthExceeds(encoded, earlyChange: true, 1024 * 1024, out var counted));
        Assert.InRange(counted, 1024 * 1024 + 1, 1024 * 1024 + 4096);
        Assert.False(BoundedLzwFilter.DecodedLengthExceeds(LzwWriter.Encode(Input("markdown"), true), earlyChange: true, 1024 * 1024, out _));
    }

    [Fact]
    public void Garbage_ends_the_count_and_whatever_PdfPig_decodes_from_it_is_what_was_counted()
    {
        var random = new Random(20261125);
        var agreed = 0;
        for (var i = 0; i < 2000; i++)
        {
            var garbage = new byte[random.Next(1, 4000)];
            random.NextBytes(garbage);
            var earlyChange = i % 2 == 0;

            var counted = BoundedLzwFilter.DecodedLength(garbage, earlyChange);

            Assert.InRange(counted, 0, garbage.Length * 8L / 9 * 4096);
            if (TryDecodeWithPdfPig(garbage, earlyChange) is { } decoded)
            {
                Assert.Equal(decoded.Length, counted);
                agreed++;
            }
        }
        // Random bytes rarely hold an end-of-data code before something PdfPig rejects, but some do.
        Assert.InRange(agreed, 1, 2000);
    }

    [Fact]
    public void A_truncated_stream_or_a_code_past_the_table_ends_the_count_where_PdfPig_gives_up()
    {
        var data = Input("markdown");
        var encoded = LzwWriter.Encode(data, earlyChange: true);
        var truncated = encoded[..(encoded.Length / 2)];
        var writer = new LzwWriter(earlyChange: true);
        writer.Write(300);
        var pastTheTable = writer.ToArray();

        Assert.InRange(BoundedLzwFilter.DecodedLength(truncated, earlyChange: true), data.Length / 3, data.Length * 2 / 3);
        Assert.Null(TryDecodeWithPdfPig(truncated, earlyChange: true));
        Assert.Equal(0, BoundedLzwFilter.DecodedLength(pastTheTable, earlyChange: true));
        Assert.Null(TryDecodeWithPdfPig(pastTheTable, earlyChange: true));
        Assert.Equal(0, BoundedLzwFilter.DecodedLength([], earlyChange: true));
    }

    [Fact]
    public void The_counted_runlength_is_what_PdfPigs_filter_decodes_and_a_cut_off_run_ends_it()
    {
        byte[] encoded = [2, (byte)'a', (byte)'b', (byte)'c', 254, (byte)'x', 129, (byte)' ', 0, (byte)'z', 128, 5, 5];
        var dictionary = new DictionaryToken(new Dictionary<NameToken, IToken> { [NameToken.Filter] = NameToken.RunLengthDecode });

        var decoded = new RunLengthFilter().Decode(encoded, dictionary, DefaultFilterProvider.Instance, 0);

        Assert.Equal(3 + 3 + 128 + 1, decoded.Length);
        Assert.Equal(decoded.Length, BoundedRunLengthFilter.DecodedLength(encoded));
        Assert.Equal(3, BoundedRunLengthFilter.DecodedLength(encoded.AsSpan(0, 5)));
        Assert.Equal(0, BoundedRunLengthFilter.DecodedLength([127, 1, 2]));
    }

    private static byte[] Input(string name) => name switch
    {
        "markdown" => Encoding.UTF8.GetBytes(string.Concat(
            Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "tests", "Pipeline.Extraction.Tests", "SampleSources"), "*.md", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal).Select(File.ReadAllText))),
        "pdf-bytes" => File.ReadAllBytes(RepositoryPaths.CorpusPdf("irs-irm-2.3.59-manual-400p.pdf"))[..300_000],
        "random" => RandomBytes(50_000),
        "runs" => [.. Enumerable.Range(0, 200).SelectMany(i => Enumerable.Repeat((byte)(i % 7), i * 37))],
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    private static byte[]? TryDecodeWithPdfPig(byte[] encoded, bool earlyChange)
    {
        try
        {
            return DecodeWithPdfPig(encoded, earlyChange);
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static byte[] DecodeWithPdfPig(byte[] encoded, bool earlyChange)
    {
        var parameters = new DictionaryToken(new Dictionary<NameToken, IToken> { [NameToken.EarlyChange] = new NumericToken(earlyChange ? 1 : 0) });
        var dictionary = new DictionaryToken(new Dictionary<NameToken, IToken>
        {
            [NameToken.Filter] = NameToken.LzwDecode,
            [NameToken.DecodeParms] = parameters,
        });
        return new LzwFilter().Decode(encoded, dictionary, DefaultFilterProvider.Instance, 0).ToArray();
    }
}
