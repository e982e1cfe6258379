using Pipeline.Connectors.Pdf;
using Pipeline.Core.Hashing;

namespace Pipeline.Connectors.Tests.Pdf;

public sealed class BoundedFileTests
{
    // /dev/zero reports a size of 0 and never ends: only a bound on the bytes read stops a read of it.
    private const string Endless = "/dev/zero";

    [Fact]
    public async Task Reading_an_endless_file_stops_one_byte_past_the_limit()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var read = await Task.Run(() => BoundedFile.ReadAsync(Endless, maxBytes: 64 * 1024, cancel.Token));

        Assert.Null(read.Bytes);
        Assert.Equal(64 * 1024 + 1, read.BytesSeen);
    }

    [Fact]
    public async Task Hashing_an_endless_file_stops_one_byte_past_the_limit()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var hash = await Task.Run(() => BoundedFile.HashAsync(Endless, maxBytes: 64 * 1024, cancel.Token));

        Assert.Null(hash.Hash);
        Assert.Equal(64 * 1024 + 1, hash.BytesSeen);
    }

    [Fact]
    public async Task A_file_exactly_at_the_limit_is_read_and_hashed_whole()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("bounded-").FullName, "exact.pdf");
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);

        var read = await BoundedFile.ReadAsync(path, maxBytes: bytes.Length, CancellationToken.None);
        var hash = await BoundedFile.HashAsync(path, maxBytes: bytes.Length, CancellationToken.None);

        Assert.Equal(bytes, read.Bytes);
        Assert.Equal(ContentHash.OfBytes(bytes), hash.Hash);
        Assert.Equal((4096L, 4096L), (read.BytesSeen, hash.BytesSeen));
    }
}
