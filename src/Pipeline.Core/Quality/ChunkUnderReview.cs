using Pipeline.Core.Chunking;

namespace Pipeline.Core.Quality;

/// <summary>A chunk with what the chunk rules judge, some of which only its document's other chunks can tell.</summary>
/// <param name="RepeatsOrdinal">The ordinal of an earlier chunk with the same text, else null.</param>
/// <param name="BoilerplateRatio">Share (0–1) of its non-whitespace characters in boilerplate lines.</param>
public sealed record ChunkUnderReview(Chunk Chunk, TextProfile Text, int? RepeatsOrdinal, double BoilerplateRatio)
{
    /// <summary>Reviews one document's chunks together: duplicates and repeated lines are relations between them.</summary>
    public static IReadOnlyList<ChunkUnderReview> Of(IReadOnlyList<Chunk> chunks, BoilerplateLines boilerplate)
    {
        var firstByText = new Dictionary<string, int>(StringComparer.Ordinal);
        var ratios = boilerplate.Ratios(chunks.Select(c => c.Text).ToList());
        var result = new List<ChunkUnderReview>(chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            var key = Normalised(chunk.Text);
            int? repeats = firstByText.TryGetValue(key, out var first) ? first : null;
            firstByText.TryAdd(key, chunk.Ordinal);
            result.Add(new ChunkUnderReview(chunk, TextProfile.Of(chunk.Text), repeats, ratios[i]));
        }
        return result;
    }

    // Whitespace and case differ between a running text and its repetition (reflowed lines, a capitalised heading).
    private static string Normalised(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
