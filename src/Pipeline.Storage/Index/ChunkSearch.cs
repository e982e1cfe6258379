using Npgsql;
using Pgvector;
using Pipeline.Core.Embedding;
using Pipeline.Storage.Access;

namespace Pipeline.Storage.Index;

public sealed record SearchHit(string Document, string Source, int Chunk, double Score, string Text, IReadOnlyList<string> HeadingPath, int PageStart, int PageEnd, string Model);

/// <summary>
/// Nearest chunks by cosine similarity in one model's partition, ordered by the expression its HNSW index is built on
/// (<c>embedding::vector(n)</c>).
/// </summary>
/// <remarks>
/// pgvector's HNSW scan yields at most <c>hnsw.ef_search</c> rows (default 40) and filters after it, so a deeper
/// request, or one a source filter thins out, came back short. The search raises ef_search to the depth asked for and
/// turns on pgvector's iterative scan (strict order), which keeps scanning until the filtered rows fill the limit.
/// </remarks>
public sealed class ChunkSearch(NpgsqlDataSource dataSource)
{
    /// <param name="activeOnly">Only sources whose active model this is (queries); false for every source with its vectors (evaluating a model before a switch).</param>
    /// <param name="source">Only this source; null for all.</param>
    /// <param name="connection">Run inside this connection's transaction (a reader holding the model switch lock); null for a connection of its own.</param>
    /// <param name="caller">Only documents this caller may read, filtered inside the scan so the limit counts readable chunks only.</param>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(
        float[] query, EmbeddingModelInfo model, int top, bool activeOnly, SearchCaller caller, CancellationToken cancellationToken,
        NpgsqlConnection? connection = null, NpgsqlTransaction? transaction = null, string? source = null)
    {
        var sql =
            $"""
            SELECT d.external_id, d.source, c.ordinal, 1 - (v.embedding::vector({model.Dimensions}) <=> @query) AS score, c.text, c.heading_path, c.page_start, c.page_end
            FROM pipeline.chunk_vectors v
            JOIN pipeline.chunks c ON c.id = v.chunk_id
            JOIN pipeline.documents d ON d.id = c.document_id
            WHERE v.model = @model AND v.model_sha256 = @sha
              AND (@source::text IS NULL OR d.source = @source)
              AND (NOT @active OR EXISTS (SELECT 1 FROM pipeline.source_models s WHERE s.source = d.source AND s.model = v.model))
              AND {AccessFilterSql.Readable}
            ORDER BY v.embedding::vector({model.Dimensions}) <=> @query
            LIMIT @top
            """;
        await using var own = connection is null ? await dataSource.OpenConnectionAsync(cancellationToken) : null;
        // The settings are local to a transaction, so they never leak into a pooled connection.
        await using var ownTransaction = own is null ? null : await own.BeginTransactionAsync(cancellationToken);
        (connection, transaction) = own is null ? (connection!, transaction) : (own, ownTransaction);
        await using (var tune = new NpgsqlCommand(
            "SELECT set_config('hnsw.ef_search', @ef, true), set_config('hnsw.iterative_scan', 'strict_order', true)", connection, transaction))
        {
            tune.Parameters.AddWithValue("ef", Math.Clamp(top, 40, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await tune.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("query", new Vector(query));
        command.Parameters.AddWithValue("model", model.Id);
        command.Parameters.AddWithValue("sha", model.Sha256);
        command.Parameters.AddWithValue("active", activeOnly);
        command.Parameters.AddWithValue("top", top);
        command.Parameters.Add(new NpgsqlParameter("source", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)source ?? DBNull.Value });
        AccessFilterSql.Bind(command, caller);
        var hits = new List<SearchHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new SearchHit(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetDouble(3), reader.GetString(4),
                reader.GetFieldValue<string[]>(5), reader.GetInt32(6), reader.GetInt32(7), model.Id));
        }
        return hits;
    }
}
