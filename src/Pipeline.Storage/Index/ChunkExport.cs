using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;
using Pgvector;

namespace Pipeline.Storage.Index;

/// <summary>One chunk as an export carries it: enough to audit, back up or move an index.</summary>
public sealed record ExportedChunk(
    string Id,
    string Source,
    string Document,
    int Ordinal,
    string ContentHash,
    string Text,
    int TokenCount,
    IReadOnlyList<string> HeadingPath,
    int PageStart,
    int PageEnd,
    string ModelId,
    string ModelSha256,
    float[]? Vector);

/// <summary>
/// Every chunk of the index in a stable order (source, document, ordinal), read as a stream: one query whose rows
/// Npgsql hands over as they arrive (sequential access, no row buffering), so memory stays flat for any index size.
/// One statement is one snapshot, so an export taken while a sync runs is still consistent.
/// </summary>
public sealed class ChunkExport(NpgsqlDataSource dataSource)
{
    /// <param name="model">Carry this model's vectors and leave out chunks without one; null for each source's active
    /// model (a chunk still missing its vector comes with an empty model and no vector).</param>
    /// <param name="source">Only this source; null for all.</param>
    public async IAsyncEnumerable<ExportedChunk> ReadAsync(bool withVectors, [EnumeratorCancellation] CancellationToken cancellationToken, string? model = null, string? source = null)
    {
        // COLLATE "C": byte order, so the order (and the export's bytes) do not depend on the database's locale.
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT c.id, d.source, d.external_id, c.ordinal, c.content_hash, c.text, c.token_count, c.heading_path,
                   c.page_start, c.page_end, coalesce(v.model, ''), coalesce(v.model_sha256, ''){(withVectors ? ", v.embedding" : "")}
            FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
            LEFT JOIN pipeline.source_models s ON s.source = d.source
            {(model is null ? "LEFT JOIN" : "JOIN")} pipeline.chunk_vectors v ON v.chunk_id = c.id AND v.model = coalesce(@model, s.model)
            WHERE @source::text IS NULL OR d.source = @source
            ORDER BY d.source COLLATE "C", d.external_id COLLATE "C", c.ordinal
            """);
        command.Parameters.Add(new NpgsqlParameter("model", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)model ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("source", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)source ?? DBNull.Value });
        // No statement timeout for a dump of millions of rows.
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Sequential access: columns are read strictly left to right.
            yield return new ExportedChunk(
                await reader.GetFieldValueAsync<string>(0, cancellationToken),
                await reader.GetFieldValueAsync<string>(1, cancellationToken),
                await reader.GetFieldValueAsync<string>(2, cancellationToken),
                await reader.GetFieldValueAsync<int>(3, cancellationToken),
                await reader.GetFieldValueAsync<string>(4, cancellationToken),
                await reader.GetFieldValueAsync<string>(5, cancellationToken),
                await reader.GetFieldValueAsync<int>(6, cancellationToken),
                await reader.GetFieldValueAsync<string[]>(7, cancellationToken),
                await reader.GetFieldValueAsync<int>(8, cancellationToken),
                await reader.GetFieldValueAsync<int>(9, cancellationToken),
                await reader.GetFieldValueAsync<string>(10, cancellationToken),
                await reader.GetFieldValueAsync<string>(11, cancellationToken),
                withVectors && !await reader.IsDBNullAsync(12, cancellationToken) ? (await reader.GetFieldValueAsync<Vector>(12, cancellationToken)).ToArray() : null);
        }
    }
}
