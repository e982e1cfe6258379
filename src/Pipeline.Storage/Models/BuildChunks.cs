using Npgsql;
using NpgsqlTypes;
using Pgvector;
using Pipeline.Core.Chunking;
using Pipeline.Core.Embedding;

namespace Pipeline.Storage.Models;

/// <summary>
/// The stored chunks of a source against one model, for <c>models plan</c> and <c>models build</c>: read in chunk-id
/// order from the index alone (the text and its stored heading prefix; never the source), and their vectors written
/// batch by batch, so a build killed at any point resumes where its last committed batch ended.
/// </summary>
public sealed class BuildChunks(NpgsqlDataSource dataSource)
{
    /// <summary>Chunks of the source's indexed documents, and those without a vector of <paramref name="model"/>.</summary>
    public async Task<BuildCoverage> CoverageAsync(string source, string model, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT count(*), count(*) FILTER (WHERE v.chunk_id IS NULL), coalesce(sum(c.token_count + 2) FILTER (WHERE v.chunk_id IS NULL), 0)
            FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
            LEFT JOIN pipeline.chunk_vectors v ON v.chunk_id = c.id AND v.model = @model
            WHERE d.source = @source AND d.status = 'indexed'
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("model", model);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new BuildCoverage(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>The next chunks after <paramref name="afterId"/> (chunk-id order) that lack a vector of <paramref name="model"/>.</summary>
    public async Task<IReadOnlyList<BuildChunk>> NextAsync(string source, string model, string afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT c.id, c.text, c.embedding_prefix, c.heading_path, c.content_hash, c.token_count
            FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
            WHERE d.source = @source AND d.status = 'indexed' AND c.id COLLATE "C" > @after
              AND NOT EXISTS (SELECT 1 FROM pipeline.chunk_vectors v WHERE v.chunk_id = c.id AND v.model = @model)
            ORDER BY c.id COLLATE "C"
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("after", afterId);
        command.Parameters.AddWithValue("limit", limit);
        var chunks = new List<BuildChunk>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var text = reader.GetString(1);
            var embedded = reader.IsDBNull(2)
                ? EmbeddingText.Recover(text, reader.GetFieldValue<string[]>(3), reader.GetString(4))
                : EmbeddingText.Compose(reader.GetString(2), text);
            chunks.Add(new BuildChunk(reader.GetString(0), embedded, reader.GetInt32(5)));
        }
        return chunks;
    }

    /// <summary>
    /// Stores vectors of a batch. A chunk a sync deleted meanwhile is skipped; one a sync already gave a vector of this
    /// model keeps it (same chunk id, same text, same vector).
    /// </summary>
    /// <returns>Vectors written.</returns>
    public async Task<int> WriteAsync(EmbeddingModelInfo model, IReadOnlyList<string> chunkIds, IReadOnlyList<float[]> vectors, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE build_staging (chunk_id text NOT NULL, embedding vector NOT NULL) ON COMMIT DROP", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var writer = await connection.BeginBinaryImportAsync("COPY build_staging (chunk_id, embedding) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < chunkIds.Count; i++)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(chunkIds[i], NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(new Vector(vectors[i]), "vector", cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
        }
        int written;
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO pipeline.chunk_vectors (chunk_id, model, model_sha256, embedding)
            SELECT s.chunk_id, @model, @sha, s.embedding FROM build_staging s
            JOIN pipeline.chunks c ON c.id = s.chunk_id
            ON CONFLICT (model, chunk_id) DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("model", model.Id);
            insert.Parameters.AddWithValue("sha", model.Sha256);
            written = await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    /// <summary>Up to <paramref name="limit"/> stored texts of the source, spread by chunk id: the sample a plan times the model on.</summary>
    public async Task<IReadOnlyList<string>> SampleAsync(string source, int limit, CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        await foreach (var chunk in ReadSampleAsync(source, limit, cancellationToken))
        {
            texts.Add(chunk);
        }
        return texts;
    }

    private async IAsyncEnumerable<string> ReadSampleAsync(string source, int limit, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT c.text, c.embedding_prefix, c.heading_path, c.content_hash
            FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
            WHERE d.source = @source AND d.status = 'indexed'
            ORDER BY c.id COLLATE "C" LIMIT @limit
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var text = reader.GetString(0);
            yield return (reader.IsDBNull(1)
                ? EmbeddingText.Recover(text, reader.GetFieldValue<string[]>(2), reader.GetString(3))
                : EmbeddingText.Compose(reader.GetString(1), text)) ?? text;
        }
    }
}
