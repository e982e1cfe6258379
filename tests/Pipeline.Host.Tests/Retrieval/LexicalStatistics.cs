using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Retrieval;

/// <summary>
/// The BM25 statistics as stored, against the same statistics recomputed from the chunk table now: any difference is a
/// write path the triggers of migration 0013 missed.
/// </summary>
public static class LexicalStatistics
{
    public sealed record Snapshot(long Chunks, long CorpusChunks, long LengthSum, long CorpusLengthSum, long StrayPostings, long StrayLengths, long Terms);

    public static async Task<Snapshot> ReadAsync(PipelineHarness harness) => new(
        await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunks"),
        await harness.ScalarAsync<long>("SELECT coalesce(sum(chunks), 0)::bigint FROM pipeline.lexical_corpus"),
        await harness.ScalarAsync<long>(
            "SELECT coalesce(sum(t.tf), 0)::bigint FROM pipeline.chunks c, pipeline.lexical_tokens(pipeline.lexical_text(c.embedding_prefix, c.text)) t"),
        await harness.ScalarAsync<long>("SELECT coalesce(sum(length_sum), 0)::bigint FROM pipeline.lexical_corpus"),
        // Postings stored but not recomputed, and recomputed but not stored.
        await harness.ScalarAsync<long>(
            """
            SELECT count(*) FROM (
                (SELECT term, chunk_id, tf FROM pipeline.chunk_terms
                 EXCEPT SELECT t.term, c.id, t.tf FROM pipeline.chunks c, pipeline.lexical_tokens(pipeline.lexical_text(c.embedding_prefix, c.text)) t)
                UNION ALL
                (SELECT t.term, c.id, t.tf FROM pipeline.chunks c, pipeline.lexical_tokens(pipeline.lexical_text(c.embedding_prefix, c.text)) t
                 EXCEPT SELECT term, chunk_id, tf FROM pipeline.chunk_terms)) d
            """),
        await harness.ScalarAsync<long>(
            """
            SELECT count(*) FROM pipeline.chunks c FULL JOIN pipeline.chunk_lengths l ON l.chunk_id = c.id
            WHERE l.length IS DISTINCT FROM (SELECT coalesce(sum(t.tf), 0) FROM pipeline.lexical_tokens(pipeline.lexical_text(c.embedding_prefix, c.text)) t)
            """),
        await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunk_terms"));

    public static void AssertConsistent(Snapshot stats, string step)
    {
        Assert.True(stats.StrayPostings == 0, $"{step}: {stats.StrayPostings} postings differ from the chunks' terms");
        Assert.True(stats.StrayLengths == 0, $"{step}: {stats.StrayLengths} chunk lengths differ from the chunks' terms");
        Assert.True((stats.Chunks, stats.LengthSum) == (stats.CorpusChunks, stats.CorpusLengthSum),
            $"{step}: corpus counts {stats.CorpusChunks} chunks / {stats.CorpusLengthSum} terms, the chunks hold {stats.Chunks} / {stats.LengthSum}");
    }
}
