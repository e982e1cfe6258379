using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Tests.Monitoring;
using Pipeline.Storage;
using Pipeline.Storage.Migrations;

namespace Pipeline.Host.Tests.Retrieval;

/// <summary>
/// The BM25 term statistics (migration 0013) stay equal to what the chunks hold through every way chunks are written
/// and removed, and the tokeniser keeps codes findable.
/// </summary>
public sealed class LexicalIndexTests
{
    [Fact]
    public async Task Term_statistics_follow_writes_replacements_rewrites_quarantines_and_deletes()
    {
        using var folder = new TempFolder();
        MonitoredJob.CopySample("architecture.pdf", folder);
        MonitoredJob.CopySample("getting-started.pdf", folder);
        MonitoredJob.CopySample("operations/jobs-and-retries.pdf", folder);
        await using var harness = await PipelineHarness.CreateAsync("lexical_stats");

        await harness.IngestFolderAsync(folder.Path);
        var written = await LexicalStatistics.ReadAsync(harness);
        LexicalStatistics.AssertConsistent(written, "first sync");
        Assert.True(written.Chunks > 3 && written.Terms > 100, $"{written.Chunks} chunks, {written.Terms} postings");

        // A changed document: its chunks are swapped for others in one transaction.
        File.Copy(Path.Combine(MonitoredJob.SamplesFolder, "operations", "incident-response.pdf"), folder.File("getting-started.pdf"), overwrite: true);
        await harness.IngestFolderAsync(folder.Path);
        var replaced = await LexicalStatistics.ReadAsync(harness);
        LexicalStatistics.AssertConsistent(replaced, "replacement");
        Assert.NotEqual(written.LengthSum, replaced.LengthSum);

        // A chunk whose text is rewritten in place (an upsert keeping its id) is re-indexed.
        await harness.ScalarAsync<int>("WITH u AS (UPDATE pipeline.chunks SET text = text || ' zebra CT-9 zebra' WHERE ordinal = 0 RETURNING 1) SELECT count(*)::int FROM u");
        var rewritten = await LexicalStatistics.ReadAsync(harness);
        LexicalStatistics.AssertConsistent(rewritten, "rewrite");
        Assert.True(await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunk_terms WHERE term = 'ct-9' AND tf = 1") > 0);

        // A document that no longer reads is quarantined: its chunks go.
        File.WriteAllText(folder.File("architecture.pdf"), "%PDF-1.7 not really");
        await harness.IngestFolderAsync(folder.Path);
        var quarantined = await LexicalStatistics.ReadAsync(harness);
        LexicalStatistics.AssertConsistent(quarantined, "quarantine");
        Assert.True(quarantined.Chunks < rewritten.Chunks);

        // A document gone from the folder is deleted, its chunks by cascade.
        File.Delete(folder.File("getting-started.pdf"));
        await harness.IngestFolderAsync(folder.Path);
        var deleted = await LexicalStatistics.ReadAsync(harness);
        LexicalStatistics.AssertConsistent(deleted, "delete");
        Assert.True(deleted.Chunks < quarantined.Chunks && deleted.Chunks > 0);
    }

    [Fact]
    public async Task Codes_are_indexed_whole_and_by_their_parts_lower_cased_without_stop_words_or_stemming()
    {
        await using var dataSource = PipelineDataSource.Create(await TestCluster.CreateDatabaseAsync("lexical_tokens"));
        await using var command = dataSource.CreateCommand(
            "SELECT term || ':' || tf FROM pipeline.lexical_tokens('The CT-1 page of Form 3520 and the BMFOL screens; see www.irs.gov, ratio 1.504.') ORDER BY term COLLATE \"C\"");
        var terms = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                terms.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
            ["1:2", "1.504:1", "3520:1", "504:1", "bmfol:1", "ct:1", "ct-1:1", "form:1", "gov:1", "irs:1", "page:1", "ratio:1", "screens:1", "see:1", "www:1", "www.irs.gov:1"],
            terms);
    }

    [Fact]
    public async Task Migration_0013_indexes_the_chunks_stored_before_it()
    {
        var connectionString = await TestCluster.CreateEmptyDatabaseAsync("migrate_0013");
        await using var dataSource = PipelineDataSource.Create(connectionString);
        await ExecuteAsync(dataSource,
            "CREATE SCHEMA IF NOT EXISTS pipeline; CREATE TABLE pipeline.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var migration in MigrationRunner.Bundled().Where(m => m.Version <= 12))
        {
            await ExecuteAsync(dataSource, migration.Sql);
            await ExecuteAsync(dataSource, $"INSERT INTO pipeline.schema_migrations (version, name) VALUES ({migration.Version}, '{migration.Name}')");
        }
        await ExecuteAsync(dataSource,
            """
            INSERT INTO pipeline.documents (source, external_id, status) VALUES ('pdf:a', 'a.pdf', 'indexed');
            INSERT INTO pipeline.chunks (id, document_id, ordinal, text, token_count, content_hash, page_start, page_end, embedding_prefix)
            SELECT 'a' || n, (SELECT id FROM pipeline.documents), n, 'Valve ' || n || ' of line CT-' || n || ' the valve', 6, 'h' || n, 1, 1, CASE WHEN n = 0 THEN NULL ELSE 'Pumps' END
            FROM generate_series(0, 2) n;
            """);

        await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);

        await using var rows = dataSource.CreateCommand(
            """
            SELECT (SELECT string_agg(term || ':' || tf, ' ' ORDER BY term) FROM pipeline.chunk_terms WHERE chunk_id = 'a1'),
                   (SELECT string_agg(chunk_id || ':' || length, ' ' ORDER BY chunk_id) FROM pipeline.chunk_lengths),
                   (SELECT sum(chunks) || '/' || sum(length_sum) FROM pipeline.lexical_corpus)
            """);
        await using var reader = await rows.ExecuteReaderAsync();
        await reader.ReadAsync();
        // "Pumps" is chunk a1's heading prefix: a chunk is found by what the model embeds.
        Assert.Equal("1:2 ct:1 ct-1:1 line:1 pumps:1 valve:2", reader.GetString(0));
        Assert.Equal("a0:7 a1:8 a2:8", reader.GetString(1));
        Assert.Equal("3/23", reader.GetString(2));
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
