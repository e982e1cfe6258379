using System.Buffers;

namespace Pipeline.Connectors.Atlassian;

/// <summary>Reads a response body into memory, refusing bodies over a limit before holding them whole.</summary>
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
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream(content.Headers.ContentLength is { } length ? (int)Math.Min(length, 1 << 20) : 16_384);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }
}
