using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Storage.Index;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Search;

/// <summary>
/// One hit as <c>query --json</c> prints it and <c>GET /api/search</c> returns it: one record and one serialisation,
/// so a RAG application reading either gets the same bytes for the same index and question.
/// </summary>
public sealed record QueryHit(
    [property: JsonPropertyName("document")] string Document,
    [property: JsonPropertyName("chunk")] int Chunk,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("heading_path")] IReadOnlyList<string> HeadingPath,
    [property: JsonPropertyName("pages")] int[] Pages,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("mode")] string Mode)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Scores are rounded to 6 places: a fused (RRF) score is about 1/60, so 4 places would blur its ranks.
    public static QueryHit From(SearchHit hit, RetrievalMode mode) =>
        new(hit.Document, hit.Chunk, Math.Round(hit.Score, 6), hit.Text, hit.HeadingPath, [hit.PageStart, hit.PageEnd], hit.Source, mode.Name());

    /// <summary>The hits as a JSON array, best first, on one line.</summary>
    public static string ToJson(IReadOnlyList<QueryHit> hits) => JsonSerializer.Serialize(hits, JsonOptions);
}
