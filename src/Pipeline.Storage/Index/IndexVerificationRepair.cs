using Microsoft.Extensions.Logging;
using Npgsql;

namespace Pipeline.Storage.Index;

/// <summary>
/// Fixes what <see cref="IndexVerification"/> finds, in one transaction, re-evaluating every condition at repair
/// time (a sync may have run since the check). Chunks that must never be served (of missing or quarantined
/// documents) are deleted. A document whose chunks are wrong is not patched: its stored version and content hash
/// are cleared, so the next sync of its source sees it as changed and rebuilds it through every stage (chunking
/// needs the source; the embedded text, heading path included, is not stored). Vectors of other chunks are reused.
/// </summary>
public sealed partial class IndexVerificationRepair(NpgsqlDataSource dataSource, ILogger<IndexVerificationRepair> logger)
{
    public async Task<RepairResult> RepairAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var unservable = await ExecuteAsync(connection, transaction, null,
            """
            DELETE FROM pipeline.chunks c
            WHERE NOT EXISTS (SELECT 1 FROM pipeline.documents d WHERE d.id = c.document_id AND d.status = 'indexed')
            """, cancellationToken);

        var conditions = await IndexVerificationConditions.LoadAsync(connection, transaction, cancellationToken);
        var damaged = new HashSet<long>((await ChunkIdScan.RunAsync(connection, transaction, 1, cancellationToken)).DocumentIds);
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT d.id FROM pipeline.documents d WHERE {conditions.WithoutChunks}
            UNION
            SELECT g.document_id FROM ({conditions.OrdinalStatistics}) g WHERE {IndexVerificationConditions.OrdinalsBroken}
            UNION
            SELECT c.document_id FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
            {IndexVerificationConditions.ActiveVectorJoins}
            WHERE {IndexVerificationConditions.WrongModel} OR {IndexVerificationConditions.WrongDimension}
            """, connection, transaction) { CommandTimeout = 0 })
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                damaged.Add(reader.GetInt64(0));
            }
        }
        var ids = damaged.ToArray();

        // An active-model vector another graph computed must not be served until the rebuild replaces it, nor reused by it.
        var foreignVectors = await ExecuteAsync(connection, transaction, ids,
            """
            DELETE FROM pipeline.chunk_vectors v
            USING pipeline.chunks c, pipeline.documents d, pipeline.source_models s, pipeline.embedding_models em
            WHERE v.chunk_id = c.id AND c.document_id = ANY(@documents) AND d.id = c.document_id
              AND s.source = d.source AND v.model = s.model AND em.model = s.model
              AND (v.model_sha256 <> em.sha256 OR vector_dims(v.embedding) <> em.dimensions)
            """, cancellationToken);
        var scheduled = await ExecuteAsync(connection, transaction, ids,
            """
            UPDATE pipeline.documents SET source_version = NULL, content_hash = NULL, updated_at = now()
            WHERE id = ANY(@documents) AND status = 'indexed'
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        LogRepaired(unservable, foreignVectors, scheduled);
        return new RepairResult(unservable + foreignVectors, scheduled);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[]? documents, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        if (documents is not null)
        {
            command.Parameters.AddWithValue("documents", documents);
        }
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Index repair: deleted {Unservable} chunks of missing or quarantined documents and {ForeignVectors} vectors of another graph; scheduled {Scheduled} documents for re-ingestion")]
    private partial void LogRepaired(int unservable, int foreignVectors, int scheduled);
}
