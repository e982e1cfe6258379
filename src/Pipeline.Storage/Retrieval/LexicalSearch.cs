using Npgsql;
using NpgsqlTypes;
using Pipeline.Storage.Access;
using Pipeline.Storage.Index;

namespace Pipeline.Storage.Retrieval;

/// <summary>
/// BM25 over the term statistics of migration 0013 (k1 1.2, b 0.75; IDF <c>ln(1 + (N - df + 0.5) / (df + 0.5))</c>, as
/// Lucene computes it). The question is tokenised by the same function as the chunks (<c>pipeline.lexical_tokens</c>), so a code such as
/// CT-1 or 3520 matches exactly what was indexed. Each distinct query term counts once.
/// </summary>
/// <remarks>
/// The posting lists of the question's terms are read from the primary key of <c>pipeline.chunk_terms</c> (an
/// index-only scan, frequencies included); a term's document frequency is the length of its list, counted from the
/// same rows. N and the average length are the sums of <c>pipeline.lexical_corpus</c>, over the whole index.
/// </remarks>
public sealed class LexicalSearch
{
    private const string Sql =
        $"""
        WITH query AS (
            SELECT t.term FROM pipeline.lexical_tokens(@question) t),
        corpus AS (
            SELECT greatest(coalesce(sum(chunks), 0), 1)::float8 AS n,
                   greatest(coalesce(sum(length_sum), 0)::float8 / greatest(coalesce(sum(chunks), 0), 1), 1) AS avgdl
            FROM pipeline.lexical_corpus),
        postings AS MATERIALIZED (
            SELECT p.term, p.chunk_id, p.tf FROM pipeline.chunk_terms p WHERE p.term IN (SELECT term FROM query)),
        frequency AS (
            SELECT term, count(*)::float8 AS df FROM postings GROUP BY term),
        scored AS MATERIALIZED (
            SELECT p.chunk_id,
                   sum(ln(1 + (corpus.n - f.df + 0.5) / (f.df + 0.5)) * p.tf * (1.2 + 1)
                       / (p.tf + 1.2 * (1 - 0.75 + 0.75 * l.length / corpus.avgdl))) AS score
            FROM postings p JOIN frequency f ON f.term = p.term JOIN pipeline.chunk_lengths l ON l.chunk_id = p.chunk_id CROSS JOIN corpus
            GROUP BY p.chunk_id),
        -- Ranked on narrow rows; the text is read for the chunks returned only.
        ranked AS MATERIALIZED (
            SELECT s.chunk_id, s.score, d.external_id, d.source, c.ordinal, m.model
            FROM scored s
            JOIN pipeline.chunks c ON c.id = s.chunk_id
            JOIN pipeline.documents d ON d.id = c.document_id
            LEFT JOIN pipeline.source_models sm ON sm.source = d.source
            -- The chunks the dense side searches: those with a vector of the model asked for, or of their source's active
            -- one. A probe per scored chunk (the primary key of the model's partition), not a join of every vector.
            CROSS JOIN LATERAL (
                SELECT v.model FROM pipeline.chunk_vectors v WHERE v.model = coalesce(@model, sm.model) AND v.chunk_id = c.id LIMIT 1) m
            WHERE (@source::text IS NULL OR d.source = @source) AND {AccessFilterSql.Readable}
            ORDER BY s.score DESC, d.source, d.external_id, c.ordinal
            LIMIT @top)
        SELECT r.external_id, r.source, r.ordinal, r.score, c.text, c.heading_path, c.page_start, c.page_end, r.model
        FROM ranked r JOIN pipeline.chunks c ON c.id = r.chunk_id
        ORDER BY r.score DESC, r.source, r.external_id, r.ordinal
        """;

    /// <param name="model">Only chunks with this model's vectors (its recorded name); null for each source's active model.</param>
    /// <param name="source">Only this source; null for all.</param>
    /// <param name="caller">Only documents this caller may read, before the limit.</param>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string question, int top, string? model, string? source, SearchCaller caller,
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql, connection, transaction);
        command.Parameters.AddWithValue("question", question);
        command.Parameters.AddWithValue("top", top);
        command.Parameters.Add(new NpgsqlParameter("model", NpgsqlDbType.Text) { Value = (object?)model ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = (object?)source ?? DBNull.Value });
        AccessFilterSql.Bind(command, caller);
        // Prepared once per physical connection: planning this statement costs about as much as running it.
        await command.PrepareAsync(cancellationToken);
        var hits = new List<SearchHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new SearchHit(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetDouble(3), reader.GetString(4),
                reader.GetFieldValue<string[]>(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetString(8)));
        }
        return hits;
    }
}
