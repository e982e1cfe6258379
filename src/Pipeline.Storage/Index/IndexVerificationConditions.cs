using Npgsql;

namespace Pipeline.Storage.Index;

/// <summary>
/// SQL fragments the check and the repair share, so both always agree on what is broken.
/// A chunk may be missing on purpose: a quality rule rejected it (<c>pipeline.quality_findings</c>, severity 'reject')
/// or the model failed on it (<c>pipeline.dead_letters</c>). Such ordinals are recorded, so they do not count as gaps;
/// otherwise every sync would rebuild those documents to the same result. The tables are looked up at run time so
/// verification also works on a schema without them.
/// </summary>
internal sealed class IndexVerificationConditions
{
    private IndexVerificationConditions(string explainedOrdinals) => ExplainedOrdinals = explainedOrdinals;

    /// <summary>(document_id, ordinal) pairs whose chunk was deliberately left out.</summary>
    public string ExplainedOrdinals { get; }

    /// <summary>
    /// Per indexed document with chunks: count, distinct ordinals, first/last ordinal and how many ordinals up to the
    /// last are missing without a record saying why (only computed when the count says something is missing).
    /// </summary>
    public string OrdinalStatistics =>
        $"""
        SELECT s.*, CASE WHEN s.last = s.chunks - 1 THEN 0 ELSE (
                   SELECT count(*) FROM generate_series(0, s.last) o
                   WHERE NOT EXISTS (SELECT 1 FROM pipeline.chunks x WHERE x.document_id = s.document_id AND x.ordinal = o)
                     AND NOT EXISTS (SELECT 1 FROM ({ExplainedOrdinals}) e WHERE e.document_id = s.document_id AND e.ordinal = o)) END AS unexplained
        FROM (SELECT c.document_id, count(*) AS chunks, count(DISTINCT c.ordinal) AS distinct_ordinals, min(c.ordinal) AS first, max(c.ordinal) AS last
              FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
              WHERE d.status = 'indexed'
              GROUP BY c.document_id) s
        """;

    /// <summary>Over <see cref="OrdinalStatistics"/> as <c>g</c>: the ordinals are not 0..n-1 (minus recorded drops).</summary>
    public static string OrdinalsBroken => "(g.first < 0 OR g.distinct_ordinals <> g.chunks OR g.unexplained > 0)";

    /// <summary>Over documents as <c>d</c>: indexed with no chunk, and not because every chunk was recorded as dropped.</summary>
    public string WithoutChunks =>
        $"""
        d.status = 'indexed' AND NOT EXISTS (SELECT 1 FROM pipeline.chunks c WHERE c.document_id = d.id)
        AND NOT EXISTS (SELECT 1 FROM ({ExplainedOrdinals}) e WHERE e.document_id = d.id)
        """;

    /// <summary>
    /// After <c>FROM pipeline.chunks c JOIN pipeline.documents d</c>: the source's active model <c>s</c>, its registration
    /// <c>em</c> (hash and dimension its vectors must have) and the chunk's vector of that model <c>v</c>.
    /// </summary>
    public const string ActiveVectorJoins =
        """
        LEFT JOIN pipeline.source_models s ON s.source = d.source
        LEFT JOIN pipeline.embedding_models em ON em.model = s.model
        LEFT JOIN pipeline.chunk_vectors v ON v.chunk_id = c.id AND v.model = s.model
        """;

    /// <summary>Over <see cref="ActiveVectorJoins"/>: no vector of the active model, or one another graph computed.</summary>
    public const string WrongModel = "(s.model IS NULL OR v.chunk_id IS NULL OR v.model_sha256 <> em.sha256)";

    /// <summary>Over <see cref="ActiveVectorJoins"/>: the active model's vector has not its dimension.</summary>
    public const string WrongDimension = "vector_dims(v.embedding) <> em.dimensions";

    public static async Task<IndexVerificationConditions> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT to_regclass('pipeline.quality_findings') IS NOT NULL, to_regclass('pipeline.dead_letters') IS NOT NULL", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var sources = new List<string>();
        if (reader.GetBoolean(0))
        {
            sources.Add(
                """
                SELECT dd.id AS document_id, q.chunk_ordinal AS ordinal
                FROM pipeline.quality_findings q JOIN pipeline.documents dd ON dd.source = q.source AND dd.external_id = q.external_id
                WHERE q.severity = 'reject' AND q.chunk_ordinal IS NOT NULL
                """);
        }
        if (reader.GetBoolean(1))
        {
            sources.Add(
                """
                SELECT dd.id AS document_id, l.chunk_ordinal AS ordinal
                FROM pipeline.dead_letters l JOIN pipeline.documents dd ON dd.source = l.source AND dd.external_id = l.external_id
                """);
        }
        return new IndexVerificationConditions(sources.Count == 0
            ? "SELECT NULL::bigint AS document_id, NULL::int AS ordinal WHERE false"
            : string.Join("\nUNION ALL\n", sources));
    }
}
