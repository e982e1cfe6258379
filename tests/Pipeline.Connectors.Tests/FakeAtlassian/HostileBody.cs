using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>
/// A body a fake server writes until the client stops reading: endless plain bytes, or a gzip bomb (a few MB on the
/// wire inflating to GBs). <see cref="FakeAtlassianServer.Sent"/> shows where the client stopped.
/// </summary>
public sealed class HostileBody
{
    private const int InflatedBytesPerMember = 64 * 1024 * 1024;

    // Concatenated gzip members are one valid gzip stream, so one member compressed once is sent again and again.
    private static readonly Lazy<byte[]> GzipMember = new(CompressedZeros);

    private readonly byte[] _chunk;
    private readonly long _maxChunks;
    private readonly bool _stallAfterwards;

    private HostileBody(byte[] chunk, long maxChunks, string contentType, string? contentEncoding, bool stallAfterwards = false)
    {
        _chunk = chunk;
        _maxChunks = maxChunks;
        _stallAfterwards = stallAfterwards;
        ContentType = contentType;
        ContentEncoding = contentEncoding;
    }

    /// <summary>"xxxx…" for ever, until the client disconnects.</summary>
    public static HostileBody Endless() => new(Enumerable.Repeat((byte)'x', 64 * 1024).ToArray(), long.MaxValue, "text/plain", null);

    /// <summary>The start of a JSON error, then nothing more until the client disconnects.</summary>
    public static HostileBody Stalled() => new("{\"errorMessages\":["u8.ToArray(), 1, "application/json", null, stallAfterwards: true);

    /// <summary>gzip inflating to <paramref name="inflatedGigabytes"/> GB of zeros.</summary>
    public static HostileBody GzipBomb(int inflatedGigabytes = 4) =>
        new(GzipMember.Value, inflatedGigabytes * (1024L * 1024 * 1024 / InflatedBytesPerMember), "application/json", "gzip");

    public string ContentType { get; }

    public string? ContentEncoding { get; }

    public async Task WriteAsync(HttpResponse response, CancellationToken aborted)
    {
        if (ContentEncoding is not null)
        {
            response.Headers.ContentEncoding = ContentEncoding;
        }
        try
        {
            // Kestrel may drop writes silently once the client is gone: the token, not an exception, ends the loop.
            for (var i = 0L; i < _maxChunks && !aborted.IsCancellationRequested; i++)
            {
                await response.Body.WriteAsync(_chunk, aborted);
                // Yields so that Kestrel's abort (signalled on the thread pool) is seen once the client is gone.
                await Task.Yield();
            }
            if (_stallAfterwards)
            {
                await response.Body.FlushAsync(aborted);
                await Task.Delay(Timeout.Infinite, aborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client stopped reading: the point of the exercise.
        }
    }

    private static byte[] CompressedZeros()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < InflatedBytesPerMember / zeros.Length; i++)
            {
                gzip.Write(zeros);
            }
        }
        return compressed.ToArray();
    }
}
