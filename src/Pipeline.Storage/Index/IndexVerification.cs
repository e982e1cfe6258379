using System.Data;
using Npgsql;

namespace Pipeline.Storage.Index;

/// <summary>
/// Checks that the index is what the ingestion writes: every indexed document has exactly its chunks
/// (ordinals 0..n-1 apart from chunks recorded as dropped, at least one), every chunk carries its derived id and a vector of its source's active model,
/// and no chunk belongs to a missing or quarantined document. All checks read one snapshot.
/// </summary>
public sealed class IndexVerification(NpgsqlDataSource dataSource)
{
    public async Task<VerificationReport> CheckAsync(int examples, CancellationToken cancellationToken)
    {
        examples = Math.Max(1, examples);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Repeatable read: counts and every check see the same index even while a sync writes.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var conditions = await IndexVerificationConditions.LoadAsync(connection, transaction, cancellationToken);
        var problems = new Dictionary<string, ProblemSummary>(StringComparer.Ordinal);
        foreach (var kind in ProblemKinds.All)
        {
            problems[kind] = kind == ProblemKinds.WrongChunkIds
                ? (await ChunkIdScan.RunAsync(connection, transaction, examples, cancellationToken)).Summary
                : await SummariseAsync(connection, transaction, ExampleQuery(kind, conditions), kind, examples, cancellationToken);
        }
        var (documents, failed, chunks) = await CountAsync(connection, transaction, cancellationToken);
        var active = await ActiveModelsAsync(connection, transaction, cancellationToken);
        var inactive = await InactiveVectorsAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new VerificationReport(problems.Values.All(p => p.Count == 0), active, documents, failed, chunks, problems) { InactiveVectors = inactive };
    }

    private static async Task<ProblemSummary> SummariseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string query, string kind, int examples, CancellationToken cancellationToken)
    {
        // Every query yields (source, document, chunk, id, detail, total): total counts all rows before the LIMIT.
        // Whole-index scans: no statement timeout.
        await using var command = new NpgsqlCommand(query + " LIMIT @examples", connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("examples", examples);
        var found = new List<ProblemExample>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new ProblemExample(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4)));
            total = reader.GetInt64(5);
        }
        return new ProblemSummary(total, ProblemKinds.UnitOf(kind), found);
    }

    private static string ExampleQuery(string kind, IndexVerificationConditions conditions) => kind switch
    {
        ProblemKinds.DocumentsWithoutChunks =>
            $"""
            SELECT d.source, d.external_id, NULL::int, NULL::text, 'indexed, but has no chunks', count(*) OVER ()
            FROM pipeline.documents d
            WHERE {conditions.WithoutChunks}
            ORDER BY 1, 2
            """,
        ProblemKinds.OrdinalGaps =>
            $"""
            SELECT d.source, d.external_id, NULL::int, NULL::text,
                   format('%s chunks with ordinals %s..%s; missing: %s', g.chunks, g.first, g.last,
                          coalesce(array_to_string(ARRAY(
                              SELECT o FROM generate_series(0, g.last) o
                              WHERE NOT EXISTS (SELECT 1 FROM pipeline.chunks x WHERE x.document_id = g.document_id AND x.ordinal = o)
                                AND NOT EXISTS (SELECT 1 FROM ({conditions.ExplainedOrdinals}) e WHERE e.document_id = g.document_id AND e.ordinal = o)
                              ORDER BY o LIMIT 20), ', '), '')),
                   count(*) OVER ()
            FROM ({conditions.OrdinalStatistics}) g JOIN pipeline.documents d ON d.id = g.document_id
            WHERE {IndexVerificationConditions.OrdinalsBroken}
            ORDER BY 1, 2
            """,
        ProblemKinds.WrongModel =>
            $"""
            SELECT d.source, d.external_id, c.ordinal, c.id,
                   CASE WHEN s.model IS NULL THEN 'the source has no active model'
                        WHEN v.chunk_id IS NULL THEN format('no vector of the active model %s', s.model)
                        ELSE format('embedded by %s (%s), not by %s', v.model, v.model_sha256, em.sha256) END,
                   count(*) OVER ()
            FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
            {IndexVerificationConditions.ActiveVectorJoins}
            WHERE d.status = 'indexed' AND {IndexVerificationConditions.WrongModel}
            ORDER BY 1, 2, 3
            """,
        ProblemKinds.WrongDimension =>
            $"""
            SELECT d.source, d.external_id, c.ordinal, c.id, format('%s dimensions', vector_dims(v.embedding)), count(*) OVER ()
            FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
            {IndexVerificationConditions.ActiveVectorJoins}
            WHERE d.status = 'indexed' AND {IndexVerificationConditions.WrongDimension}
            ORDER BY 1, 2, 3
            """,
        ProblemKinds.OrphanedChunks =>
            """
            SELECT NULL::text, NULL::text, c.ordinal, c.id, format('document row %s does not exist', c.document_id), count(*) OVER ()
            FROM pipeline.chunks c
            WHERE NOT EXISTS (SELECT 1 FROM pipeline.documents d WHERE d.id = c.document_id)
            ORDER BY 4
            """,
        ProblemKinds.ChunksOfFailedDocuments =>
            """
            SELECT d.source, d.external_id, c.ordinal, c.id, format('document quarantined: %s', coalesce(d.failure_reason, 'failed')), count(*) OVER ()
            FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
            WHERE d.status = 'failed'
            ORDER BY 1, 2, 3
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no query for this problem kind"),
    };

    private static async Task<IReadOnlyList<VerifiedModel>> ActiveModelsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT s.source, s.model, em.sha256, em.dimensions
            FROM pipeline.source_models s JOIN pipeline.embedding_models em ON em.model = s.model
            ORDER BY 1
            """, connection, transaction);
        var models = new List<VerifiedModel>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            models.Add(new VerifiedModel(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        }
        return models;
    }

    /// <summary>Vectors of models that are not their source's active one: a build, or the old model after a switch. Not damage.</summary>
    private static async Task<IReadOnlyList<ModelCount>> InactiveVectorsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT v.model, v.model_sha256, count(*)
            FROM pipeline.chunk_vectors v JOIN pipeline.chunks c ON c.id = v.chunk_id JOIN pipeline.documents d ON d.id = c.document_id
            LEFT JOIN pipeline.source_models s ON s.source = d.source
            WHERE s.model IS DISTINCT FROM v.model
            GROUP BY 1, 2 ORDER BY 1, 2
            """, connection, transaction) { CommandTimeout = 0 };
        var counts = new List<ModelCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new ModelCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }
        return counts;
    }

    private static async Task<(long Documents, long Failed, long Chunks)> CountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM pipeline.documents WHERE status = 'indexed'),
                   (SELECT count(*) FROM pipeline.documents WHERE status = 'failed'),
                   (SELECT count(*) FROM pipeline.chunks)
            """, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
