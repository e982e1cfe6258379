using System.Data;
using Npgsql;

namespace Pipeline.Storage.Index;

/// <summary>
/// Chunk ids are a hash computed in .NET (<see cref="ChunkId"/>), so this check streams the few columns it needs
/// instead of re-implementing the hash in SQL: memory grows only with the number of broken documents.
/// </summary>
internal sealed record ChunkIdScan(ProblemSummary Summary, IReadOnlyCollection<long> DocumentIds)
{
    public static async Task<ChunkIdScan> RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int examples, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT d.id, d.source, d.external_id, c.ordinal, c.content_hash, c.id
            FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
            WHERE d.status = 'indexed'
            ORDER BY d.source COLLATE "C", d.external_id COLLATE "C", c.ordinal
            """, connection, transaction);
        command.CommandTimeout = 0;
        var found = new List<ProblemExample>();
        var documents = new HashSet<long>();
        long count = 0;
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var documentId = reader.GetInt64(0);
            var source = reader.GetString(1);
            var document = reader.GetString(2);
            var ordinal = reader.GetInt32(3);
            var contentHash = reader.GetString(4);
            var id = reader.GetString(5);
            var expected = ChunkId.For(source, document, ordinal, contentHash);
            if (id == expected)
            {
                continue;
            }
            count++;
            documents.Add(documentId);
            if (found.Count < examples)
            {
                found.Add(new ProblemExample(source, document, ordinal, id, $"expected id {expected}"));
            }
        }
        return new ChunkIdScan(new ProblemSummary(count, ProblemKinds.UnitOf(ProblemKinds.WrongChunkIds), found), documents);
    }
}
