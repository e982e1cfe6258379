using System.Buffers;

namespace Pipeline.Connectors.Atlassian;

/// <summary>
/// Reads a response body into memory, never holding more than a limit: the one reader for every body, success and
/// error alike. With automatic decompression the stream is already inflated, so a gzip bomb is counted as it inflates.
/// </summary>
internal static class BoundedBody
{
    private const int ChunkBytes = 81_920;

    /// <returns>The body, or null when it is over <paramref name="maxBytes"/> (the stream is read no further).</returns>
    public static async Task<byte[]?> ReadAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            return null;
        }
        var (bytes, complete) = await ReadUpToAsync(content, maxBytes, keepPrefix: false, cancellationToken);
        return complete ? bytes : null;
    }

    /// <summary>At most the first <paramref name="maxBytes"/> of the body (an error's message); the rest is not read.</summary>
    public static async Task<byte[]> ReadPrefixAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken) =>
        (await ReadUpToAsync(content, maxBytes, keepPrefix: true, cancellationToken)).Bytes;

    // Stops as soon as the body is over the limit, keeping its first maxBytes only when asked (an error's message).
    private static async Task<(byte[] Bytes, bool Complete)> ReadUpToAsync(
        HttpContent content, long maxBytes, bool keepPrefix, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream(content.Headers.ContentLength is { } length ? (int)Math.Min(Math.Min(length, maxBytes), 1 << 20) : 16_384);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    if (!keepPrefix)
                    {
                        return ([], false);
                    }
                    buffer.Write(chunk, 0, (int)(maxBytes - buffer.Length));
                    return (buffer.ToArray(), false);
                }
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return (buffer.ToArray(), true);
    }
}
