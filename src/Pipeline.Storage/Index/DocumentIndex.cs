using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Pgvector;
using Pipeline.Core.Chunking;
using Pipeline.Core.Documents;
using Pipeline.Core.Embedding;
using Pipeline.Core.Sources;
using Pipeline.Core.Stages;

namespace Pipeline.Storage.Index;

/// <summary>
/// Documents and their chunks. Every write of a document is one transaction, so a reader sees either
/// the old chunks or the new ones, never none and never both.
/// </summary>
public sealed class DocumentIndex(NpgsqlDataSource dataSource)
{
    public async Task<Dictionary<string, IndexedDocument>> LoadAsync(string source, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IndexedDocument>(StringComparer.Ordinal);
        await foreach (var document in ReadAsync(source, externalId: null, cancellationToken))
        {
            result[document.ExternalId] = document;
        }
        return result;
    }

    /// <summary>One document of a source, for single-item re-ingestion: a webhook must not read the whole source's index.</summary>
    public async Task<IndexedDocument?> FindAsync(string source, string externalId, CancellationToken cancellationToken)
    {
        await foreach (var document in ReadAsync(source, externalId, cancellationToken))
        {
            return document;
        }
        return null;
    }

    private async IAsyncEnumerable<IndexedDocument> ReadAsync(string source, string? externalId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, external_id, source_version, content_hash, status, fingerprint, access IS NOT NULL AND access_lost_at IS NULL FROM pipeline.documents WHERE source = @source AND (@id::text IS NULL OR external_id = @id)");
        command.Parameters.AddWithValue("source", source);
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Text) { Value = (object?)externalId ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new IndexedDocument(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetBoolean(6));
        }
    }

    /// <summary>Indexed documents of the source made under a pipeline fingerprint other than <paramref name="fingerprint"/>.</summary>
    public async Task<long> CountOtherFingerprintsAsync(string source, string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM pipeline.documents WHERE source = @source AND status = 'indexed' AND fingerprint <> @fingerprint");
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("fingerprint", fingerprint);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Stamps the source's documents indexed before fingerprints with <paramref name="fingerprint"/>: they count as
    /// made by the pipeline of their first sync after the upgrade, so a later change of the job reprocesses them too.
    /// </summary>
    public async Task AdoptFingerprintAsync(string source, string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE pipeline.documents SET fingerprint = @fingerprint WHERE source = @source AND fingerprint IS NULL AND status = 'indexed'");
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("fingerprint", fingerprint);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Vectors already computed by <paramref name="model"/> for any of these chunk hashes.</summary>
    public async Task<Dictionary<string, float[]>> FindVectorsAsync(IReadOnlyCollection<string> contentHashes, EmbeddingModelInfo model, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (contentHashes.Count == 0)
        {
            return result;
        }
        await using var command = dataSource.CreateCommand(
            """
            SELECT DISTINCT ON (c.content_hash) c.content_hash, v.embedding
            FROM pipeline.chunks c JOIN pipeline.chunk_vectors v ON v.chunk_id = c.id AND v.model = @model
            WHERE c.content_hash = ANY(@hashes) AND v.model_sha256 = @sha
            """);
        command.Parameters.AddWithValue("hashes", contentHashes.ToArray());
        command.Parameters.AddWithValue("model", model.Id);
        command.Parameters.AddWithValue("sha", model.Sha256);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetFieldValue<Vector>(1).ToArray();
        }
        return result;
    }

    /// <summary>
    /// Swaps in the document's new chunks and their vectors: binary COPY into staging tables, then set-based statements.
    /// Chunks no longer produced go (their vectors of every model with them, by cascade); a chunk id that stays keeps
    /// the vectors of models not written now; the vectors written replace what a model stored before.
    /// </summary>
    /// <param name="vectors">The active model's vectors (one per chunk, all present), then those of models being built
    /// (a slot may be empty: the build fills it).</param>
    public async Task ReplaceAsync(string source, DocumentContext context, long runId, IReadOnlyList<ModelVectors> vectors, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("nothing extracted to store");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var documentId = await UpsertDocumentAsync(connection, transaction, source, context, runId, cancellationToken);
        await using (var fresh = new NpgsqlCommand(StaleDocuments.ClearSql, connection, transaction))
        {
            // The version just stored is the source's current one: no longer stale.
            fresh.Parameters.AddWithValue("doc", documentId);
            await fresh.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand(
            """
            CREATE TEMP TABLE chunk_staging (LIKE pipeline.chunks INCLUDING DEFAULTS) ON COMMIT DROP;
            CREATE TEMP TABLE vector_staging (chunk_id text NOT NULL, model text NOT NULL, model_sha256 text NOT NULL, embedding vector NOT NULL) ON COMMIT DROP;
            """, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        var ids = context.Chunks.Select(c => ChunkId.For(source, document.ExternalId, c.Ordinal, c.ContentHash)).ToArray();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY chunk_staging (id, document_id, ordinal, text, token_count, content_hash, heading_path, page_start, page_end, embedding_prefix) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            for (var i = 0; i < context.Chunks.Count; i++)
            {
                var chunk = context.Chunks[i];
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(ids[i], NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(documentId, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(chunk.Ordinal, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(chunk.Text, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(chunk.TokenCount, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(chunk.ContentHash, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(chunk.HeadingPath.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(chunk.PageStart, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(chunk.PageEnd, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(EmbeddingText.PrefixOf(chunk), NpgsqlDbType.Text, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY vector_staging (chunk_id, model, model_sha256, embedding) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var m = 0; m < vectors.Count; m++)
            {
                var (model, slots) = (vectors[m].Model, vectors[m].Vectors);
                for (var i = 0; i < context.Chunks.Count; i++)
                {
                    if (slots[i] is not { } vector)
                    {
                        // The first list is the active model's: a chunk without its vector would be unsearchable.
                        if (m == 0)
                        {
                            throw new InvalidOperationException($"chunk {i} of {document.ExternalId} has no vector");
                        }
                        continue;
                    }
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(ids[i], NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(model.Id, NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(model.Sha256, NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(new Vector(vector), "vector", cancellationToken);
                }
            }
            await writer.CompleteAsync(cancellationToken);
        }
        await using (var swap = new NpgsqlCommand(
            """
            DELETE FROM pipeline.chunks c
            WHERE c.document_id = @doc AND NOT EXISTS (SELECT 1 FROM chunk_staging s WHERE s.id = c.id);
            INSERT INTO pipeline.chunks (id, document_id, ordinal, text, token_count, content_hash, heading_path, page_start, page_end, embedding_prefix)
            SELECT id, document_id, ordinal, text, token_count, content_hash, heading_path, page_start, page_end, embedding_prefix
            FROM chunk_staging
            ON CONFLICT (id) DO UPDATE SET
                text = excluded.text, token_count = excluded.token_count, heading_path = excluded.heading_path,
                page_start = excluded.page_start, page_end = excluded.page_end, embedding_prefix = excluded.embedding_prefix;
            INSERT INTO pipeline.chunk_vectors (chunk_id, model, model_sha256, embedding)
            SELECT chunk_id, model, model_sha256, embedding FROM vector_staging
            ON CONFLICT (model, chunk_id) DO UPDATE SET
                model_sha256 = excluded.model_sha256, embedding = excluded.embedding, created_at = now()
            -- A reused vector is the stored one: no write.
            WHERE pipeline.chunk_vectors.model_sha256 <> excluded.model_sha256 OR pipeline.chunk_vectors.embedding <> excluded.embedding;
            """, connection, transaction))
        {
            swap.Parameters.AddWithValue("doc", documentId);
            await swap.ExecuteNonQueryAsync(cancellationToken);
        }
        await ReplacePagesAsync(connection, transaction, documentId, document.PageDetails, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ReplacePagesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long documentId, IReadOnlyList<PageInfo> pages, CancellationToken cancellationToken)
    {
        await using (var delete = new NpgsqlCommand("DELETE FROM pipeline.document_pages WHERE document_id = @doc", connection, transaction))
        {
            delete.Parameters.AddWithValue("doc", documentId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        if (pages.Count == 0)
        {
            return;
        }
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO pipeline.document_pages (document_id, page, text_source, ocr_confidence, characters, note)
            SELECT @doc, * FROM unnest(@page, @source, @confidence, @characters, @note)
            """, connection, transaction);
        insert.Parameters.AddWithValue("doc", documentId);
        insert.Parameters.AddWithValue("page", pages.Select(p => p.Number).ToArray());
        insert.Parameters.AddWithValue("source", pages.Select(p => TextSourceName(p.Source)).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("confidence", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = pages.Select(p => (float?)p.OcrConfidence).ToArray() });
        insert.Parameters.AddWithValue("characters", pages.Select(p => p.Characters).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("note", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = pages.Select(p => p.Note).ToArray() });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public static string TextSourceName(PageTextSource source) => source switch
    {
        PageTextSource.TextLayer => "text-layer",
        PageTextSource.Ocr => "ocr",
        PageTextSource.Empty => "empty",
        _ => "skipped",
    };

    /// <summary>
    /// Records that the source version moved on while the embedded content stayed the same: metadata (status, labels,
    /// page numbers of the PDF record) is refreshed, chunks and vectors are left alone.
    /// </summary>
    public async Task TouchAsync(string source, DocumentReference reference, SourceDocument? document, long runId, CancellationToken cancellationToken)
    {
        // The source served this version, so a stale spell ends with it.
        await using var command = dataSource.CreateCommand(
            """
            WITH doc AS (
                UPDATE pipeline.documents
                SET source_version = @version, source_updated_at = @updated, updated_at = now(), last_run_id = @run,
                    metadata = coalesce(@metadata, metadata),
                    access = coalesce(@access, access), access_lost_at = CASE WHEN @access IS NULL THEN access_lost_at END
                WHERE source = @source AND external_id = @id
                RETURNING id)
            DELETE FROM pipeline.stale_documents WHERE document_id IN (SELECT id FROM doc)
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("id", reference.ExternalId);
        command.Parameters.AddWithValue("version", reference.Version);
        command.Parameters.AddWithValue("updated", (object?)reference.UpdatedAt?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.Add(new NpgsqlParameter("metadata", NpgsqlDbType.Jsonb)
        {
            Value = document is null ? DBNull.Value : JsonSerializer.Serialize(document.Metadata),
        });
        // Read again with its access: restored (a hidden document whose access came back), without re-embedding.
        command.Parameters.Add(new NpgsqlParameter("access", NpgsqlDbType.Jsonb) { Value = document is null ? DBNull.Value : AccessJson(document) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Quarantines a document: its reason is kept, its chunks are removed so the index never serves an unreadable version.
    /// Only for content failures; a source-side one keeps the last good version (<see cref="StaleDocuments"/>).
    /// </summary>
    public async Task MarkFailedAsync(string source, DocumentReference reference, string reason, string message, long runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH doc AS (
                INSERT INTO pipeline.documents (source, external_id, source_version, source_updated_at, status, failure_reason, failure_message, last_run_id)
                VALUES (@source, @id, @version, @updated, 'failed', @reason, @message, @run)
                ON CONFLICT (source, external_id) DO UPDATE SET
                    source_version = excluded.source_version, source_updated_at = excluded.source_updated_at,
                    status = 'failed', failure_reason = excluded.failure_reason, failure_message = excluded.failure_message,
                    content_hash = NULL, indexed_at = NULL, updated_at = now(), last_run_id = excluded.last_run_id
                RETURNING id),
            fresh AS (DELETE FROM pipeline.stale_documents WHERE document_id IN (SELECT id FROM doc))
            DELETE FROM pipeline.chunks WHERE document_id IN (SELECT id FROM doc)
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("id", reference.ExternalId);
        command.Parameters.AddWithValue("version", reference.Version);
        command.Parameters.AddWithValue("updated", (object?)reference.UpdatedAt?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("message", message);
        command.Parameters.AddWithValue("run", runId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <returns>How many documents were removed (their chunks go with them).</returns>
    public async Task<int> DeleteAsync(string source, IReadOnlyCollection<string> externalIds, CancellationToken cancellationToken)
    {
        if (externalIds.Count == 0)
        {
            return 0;
        }
        await using var command = dataSource.CreateCommand(
            "DELETE FROM pipeline.documents WHERE source = @source AND external_id = ANY(@ids)");
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("ids", externalIds.ToArray());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes a document a full listing no longer showed, unless something wrote it after <paramref name="runId"/>
    /// began: a single-document re-ingestion may have stored it since, because the source has it again.
    /// </summary>
    /// <returns>1 when deleted, else 0.</returns>
    public async Task<int> DeleteVanishedAsync(string source, string externalId, long runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            DELETE FROM pipeline.documents
            WHERE source = @source AND external_id = @id AND updated_at < (SELECT started_at FROM pipeline.runs WHERE id = @run)
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("id", externalId);
        command.Parameters.AddWithValue("run", runId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> UpsertDocumentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string source, DocumentContext context, long runId, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO pipeline.documents (source, external_id, title, source_version, source_updated_at, content_hash, status, pages, metadata, indexed_at, last_run_id, fingerprint, access)
            VALUES (@source, @id, @title, @version, @updated, @hash, 'indexed', @pages, @metadata, now(), @run, @fingerprint, @access)
            ON CONFLICT (source, external_id) DO UPDATE SET
                access = excluded.access, access_lost_at = NULL,
                title = excluded.title, source_version = excluded.source_version, source_updated_at = excluded.source_updated_at,
                content_hash = excluded.content_hash, status = 'indexed', failure_reason = NULL, failure_message = NULL,
                fingerprint = excluded.fingerprint,
                pages = excluded.pages, metadata = excluded.metadata, indexed_at = now(), updated_at = now(), last_run_id = excluded.last_run_id
            RETURNING id
            """, connection, transaction);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("id", document.ExternalId);
        command.Parameters.AddWithValue("title", document.Title);
        command.Parameters.AddWithValue("version", context.Reference.Version);
        command.Parameters.AddWithValue("updated", (object?)context.Reference.UpdatedAt?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue("hash", context.ContentHash ?? document.ContentHash());
        command.Parameters.AddWithValue("pages", document.Pages);
        command.Parameters.Add(new NpgsqlParameter("metadata", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(document.Metadata) });
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.Add(new NpgsqlParameter("fingerprint", NpgsqlDbType.Text) { Value = (object?)context.Fingerprint ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("access", NpgsqlDbType.Jsonb) { Value = AccessJson(document) });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A document whose source said nothing about access is stored readable by nobody: access is denied unless granted.</summary>
    private static string AccessJson(SourceDocument document) => (document.Access ?? Core.Access.DocumentAccess.Nobody).ToJson();
}
