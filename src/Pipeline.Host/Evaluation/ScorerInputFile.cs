using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pipeline.Host.Evaluation;

/// <summary>
/// The inputs of the reference scorer, for checking <c>eval</c> against it or scoring a run again later:
/// <c>--results-out</c> ({"id", "results": [{"document", "text"}]} per question) and <c>--chunks-out</c> ({"document", "text"} per stored chunk).
/// </summary>
public sealed class ScorerInputFile : IAsyncDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;

    private ScorerInputFile(string path)
    {
        _stream = File.Create(path);
        _json = new Utf8JsonWriter(_stream, Options);
    }

    public static ScorerInputFile? Create(FileInfo? file) => file is null ? null : new ScorerInputFile(file.FullName);

    public void WriteResults(string id, IEnumerable<(string Document, string Text)> results)
    {
        _json.WriteStartObject();
        _json.WriteString("id", id);
        _json.WriteStartArray("results");
        foreach (var (document, text) in results)
        {
            WriteChunk(document, text);
        }
        _json.WriteEndArray();
        _json.WriteEndObject();
        EndLine();
    }

    public void WriteChunkLine(string document, string text)
    {
        WriteChunk(document, text);
        EndLine();
    }

    private void WriteChunk(string document, string text)
    {
        _json.WriteStartObject();
        _json.WriteString("document", document);
        _json.WriteString("text", text);
        _json.WriteEndObject();
    }

    private void EndLine()
    {
        _json.Flush();
        _json.Reset();
        _stream.WriteByte((byte)'\n');
    }

    public async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync();
        await _stream.DisposeAsync();
    }
}
