using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pipeline.Storage.Index;

/// <summary>
/// Writes exported chunks as JSON Lines, one object per chunk. The bytes depend only on the chunks: fixed property
/// order, no timestamps, floats in their shortest round-trip form (System.Text.Json), so two exports of the same
/// index are byte-identical and can be compared with <c>cmp</c>. Lines are gathered in a small buffer that is
/// handed to the stream whenever it fills, so memory does not grow with the index.
/// </summary>
public static class ChunkJsonLines
{
    private const int FlushThreshold = 64 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        // Non-ASCII text stays readable; the output is still valid JSON (quotes, control characters are escaped).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <returns>How many chunks were written.</returns>
    public static async Task<long> WriteAsync(IAsyncEnumerable<ExportedChunk> chunks, Stream output, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(FlushThreshold * 2);
        await using var json = new Utf8JsonWriter(buffer, Options);
        long count = 0;
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            Write(json, chunk);
            json.Flush();
            json.Reset();
            buffer.Write("\n"u8);
            count++;
            if (buffer.WrittenCount >= FlushThreshold)
            {
                await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }
        await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await output.FlushAsync(cancellationToken);
        return count;
    }

    private static void Write(Utf8JsonWriter json, ExportedChunk chunk)
    {
        json.WriteStartObject();
        json.WriteString("source", chunk.Source);
        json.WriteString("document", chunk.Document);
        json.WriteNumber("chunk", chunk.Ordinal);
        json.WriteString("id", chunk.Id);
        json.WriteString("content_hash", chunk.ContentHash);
        json.WriteString("text", chunk.Text);
        json.WriteNumber("token_count", chunk.TokenCount);
        json.WriteStartArray("heading_path");
        foreach (var heading in chunk.HeadingPath)
        {
            json.WriteStringValue(heading);
        }
        json.WriteEndArray();
        json.WriteStartArray("pages");
        json.WriteNumberValue(chunk.PageStart);
        json.WriteNumberValue(chunk.PageEnd);
        json.WriteEndArray();
        json.WriteString("model_id", chunk.ModelId);
        json.WriteString("model_sha256", chunk.ModelSha256);
        if (chunk.Vector is { } vector)
        {
            json.WriteStartArray("vector");
            foreach (var value in vector)
            {
                json.WriteNumberValue(value);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }
}
