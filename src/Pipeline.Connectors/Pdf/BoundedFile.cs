using System.Security.Cryptography;

namespace Pipeline.Connectors.Pdf;

/// <summary>The whole file, or null when it had more than the limit; <paramref name="BytesSeen"/> is at most the limit plus one.</summary>
internal sealed record BoundedRead(byte[]? Bytes, long BytesSeen);

/// <summary>The SHA-256 of the whole file, or null when it had more than the limit.</summary>
internal sealed record BoundedHash(string? Hash, long BytesSeen);

/// <summary>
/// Reads that stop one byte past a limit, whatever the file's size said beforehand: a file can grow between the
/// size check and the read, and a device such as <c>/dev/zero</c> reports 0 bytes and never ends.
/// </summary>
internal static class BoundedFile
{
    private const int BufferBytes = 1 << 16;

    public static async Task<BoundedRead> ReadAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        var seen = await CopyAsync(path, maxBytes, (chunk, _) => { content.Write(chunk.Span); return ValueTask.CompletedTask; }, cancellationToken);
        return new BoundedRead(seen > maxBytes ? null : content.ToArray(), seen);
    }

    public static async Task<BoundedHash> HashAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var seen = await CopyAsync(path, maxBytes, (chunk, _) => { hash.AppendData(chunk.Span); return ValueTask.CompletedTask; }, cancellationToken);
        return new BoundedHash(seen > maxBytes ? null : Convert.ToHexStringLower(hash.GetHashAndReset()), seen);
    }

    /// <summary>Feeds the file to <paramref name="sink"/> until its end or until one byte past the limit; returns the bytes fed.</summary>
    private static async Task<long> CopyAsync(string path, long maxBytes, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, useAsync: true);
        var buffer = new byte[BufferBytes];
        long seen = 0;
        while (seen <= maxBytes)
        {
            var want = (int)Math.Min(buffer.Length, maxBytes + 1 - seen);
            var read = await stream.ReadAsync(buffer.AsMemory(0, want), cancellationToken);
            if (read == 0)
            {
                break;
            }
            await sink(buffer.AsMemory(0, read), cancellationToken);
            seen += read;
        }
        return seen;
    }
}
