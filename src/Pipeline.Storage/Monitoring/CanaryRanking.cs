using Npgsql;
using Pgvector;
using Pipeline.Core.Embedding;

namespace Pipeline.Storage.Monitoring;

/// <param name="Rank">1-based rank of the expected document among the distinct documents retrieved; null when not in the top k.</param>
/// <param name="TopDocument">What came first instead, so a miss says what the query finds now.</param>
public sealed record CanaryRank(int? Rank, string? TopDocument);

/// <summary>
/// Where a golden query's expected document ranks in one source: documents ordered by their best chunk. The
/// search is exact (grouping rules out the approximate HNSW scan), so a canary cannot miss because an index scan
/// cut a source-filtered result short; it reads every chunk of the source, once per canary per sync.
/// </summary>
public sealed class CanaryRanking(NpgsqlDataSource dataSource)
{
    public async Task<CanaryRank> RankAsync(float[] query, EmbeddingModelInfo model, string source, string expect, int k, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.external_id, min(v.embedding <=> @query) AS distance
            FROM pipeline.chunk_vectors v JOIN pipeline.chunks c ON c.id = v.chunk_id JOIN pipeline.documents d ON d.id = c.document_id
            WHERE d.source = @source AND v.model = @model AND v.model_sha256 = @sha
            GROUP BY d.external_id
            ORDER BY distance, d.external_id
            LIMIT @k
            """);
        command.Parameters.AddWithValue("query", new Vector(query));
        command.Parameters.AddWithValue("model", model.Id);
        command.Parameters.AddWithValue("sha", model.Sha256);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("k", k);
        var documents = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                documents.Add(reader.GetString(0));
            }
        }
        var index = documents.FindIndex(d => Matches(d, expect));
        return new CanaryRank(index < 0 ? null : index + 1, documents.FirstOrDefault());
    }

    /// <summary>A canary names a document by its external id or, for files, by its file name alone.</summary>
    public static bool Matches(string externalId, string expect) =>
        externalId == expect || externalId.EndsWith("/" + expect, StringComparison.Ordinal);
}
