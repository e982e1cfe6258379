using Npgsql;
using Pgvector;

namespace Pipeline.Storage.Index;

public sealed record SearchHit(string Document, string Source, int Chunk, double Score, string Text, IReadOnlyList<string> HeadingPath, int PageStart, int PageEnd);

/// <summary>Nearest chunks by cosine similarity, restricted to vectors of the querying model.</summary>
public sealed class ChunkSearch(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(float[] query, string modelSha256, int top, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.external_id, d.source, c.ordinal, 1 - (c.embedding <=> @query) AS score, c.text, c.heading_path, c.page_start, c.page_end
            FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
            WHERE c.model_sha256 = @model
            ORDER BY c.embedding <=> @query
            LIMIT @top
            """);
        command.Parameters.AddWithValue("query", new Vector(query));
        command.Parameters.AddWithValue("model", modelSha256);
        command.Parameters.AddWithValue("top", top);
        var hits = new List<SearchHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new SearchHit(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetDouble(3), reader.GetString(4),
                reader.GetFieldValue<string[]>(5), reader.GetInt32(6), reader.GetInt32(7)));
        }
        return hits;
    }
}
