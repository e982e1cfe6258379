using System.Data;
using Npgsql;
using Pipeline.Core.Embedding;

namespace Pipeline.Storage.Index;

/// <summary>
/// Checks that the index is what the ingestion writes: every indexed document has exactly its chunks
/// (ordinals 0..n-1 apart from chunks recorded as dropped, at least one), every chunk carries its derived id and a vector of the running model,
/// and no chunk belongs to a missing or quarantined document. All checks read one snapshot.
/// </summary>
public sealed class IndexVerification(NpgsqlDataSource dataSource)
{
    public async Task<VerificationReport> CheckAsync(EmbeddingModelInfo model, int examples, CancellationToken cancellationToken)
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
                : await SummariseAsync(connection, transaction, ExampleQuery(kind, conditions), kind, model, examples, cancellationToken);
        }
        var (documents, failed, chunks) = await CountAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new VerificationReport(
            problems.Values.All(p => p.Count == 0),
            new VerifiedModel(model.Id, model.Sha256, model.Dimensions),
            documents, failed, chunks, problems);
    }

    private static async Task<ProblemSummary> SummariseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string query, string kind, EmbeddingModelInfo model, int examples, CancellationToken cancellationToken)
    {
        // Every query yields (source, document, chunk, id, detail, total): total counts all rows before the LIMIT.
        // Whole-index scans: no statement timeout.
        await using var command = new NpgsqlCommand(query + " LIMIT @examples", connection, transaction) { CommandTimeout = 0 };
        AddModel(command, model);
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
            SELECT d.source, d.external_id, c.ordinal, c.id, format('embedded by %s (%s)', c.model_id, c.model_sha256), count(*) OVER ()
            FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
            WHERE d.status = 'indexed' AND {IndexVerificationConditions.WrongModel}
            ORDER BY 1, 2, 3
            """,
        ProblemKinds.WrongDimension =>
            $"""
            SELECT d.source, d.external_id, c.ordinal, c.id, format('%s dimensions', vector_dims(c.embedding)), count(*) OVER ()
            FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
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

    internal static void AddModel(NpgsqlCommand command, EmbeddingModelInfo model)
    {
        command.Parameters.AddWithValue("model_id", model.Id);
        command.Parameters.AddWithValue("model_sha256", model.Sha256);
        command.Parameters.AddWithValue("dimensions", model.Dimensions);
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
