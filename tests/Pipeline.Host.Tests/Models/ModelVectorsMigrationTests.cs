using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pipeline.Storage;
using Pipeline.Storage.Migrations;
using Pipeline.Storage.Models;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Models;

/// <summary>
/// Migration 0012 on an index written before it: every vector moves to its model's partition (with the dimension
/// check and HNSW index a new partition gets), each source's active model is the one most of its chunks have, and
/// the chunk table keeps only the text.
/// </summary>
public sealed class ModelVectorsMigrationTests
{
    private const string MiniLm = "sentence-transformers/all-MiniLM-L6-v2";
    private const string Arctic = "Snowflake/snowflake-arctic-embed-xs";

    [Fact]
    public async Task Vectors_of_an_index_from_before_0012_move_to_one_partition_per_model_and_each_source_gets_its_majority_model()
    {
        var connectionString = await TestCluster.CreateEmptyDatabaseAsync("migrate_0012");
        await using var dataSource = PipelineDataSource.Create(connectionString);
        await ApplyUpToAsync(dataSource, 11);
        await ExecuteAsync(dataSource,
            $"""
            INSERT INTO pipeline.documents (source, external_id, status) VALUES ('pdf:a', 'a.pdf', 'indexed'), ('pdf:b', 'b.pdf', 'indexed');
            INSERT INTO pipeline.chunks (id, document_id, ordinal, text, token_count, content_hash, page_start, page_end, embedding, model_id, model_sha256)
            SELECT 'a' || n, (SELECT id FROM pipeline.documents WHERE source = 'pdf:a'), n, 'text ' || n, 2, 'h' || n, 1, 1,
                   array_fill(n::real, ARRAY[384])::vector, CASE WHEN n < 3 THEN '{MiniLm}' ELSE '{Arctic}' END, CASE WHEN n < 3 THEN 'sha-minilm' ELSE 'sha-arctic' END
            FROM generate_series(0, 3) n;
            INSERT INTO pipeline.chunks (id, document_id, ordinal, text, token_count, content_hash, page_start, page_end, embedding, model_id, model_sha256)
            SELECT 'b' || n, (SELECT id FROM pipeline.documents WHERE source = 'pdf:b'), n, 'text ' || n, 2, 'h' || n, 1, 1,
                   array_fill(1::real, ARRAY[384])::vector, '{Arctic}', 'sha-arctic'
            FROM generate_series(0, 1) n;
            """);

        var applied = await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);

        Assert.Equal([12], applied.Where(m => m.Version >= 12).Select(m => m.Version).Take(1));
        Assert.Equal(["a0|" + MiniLm, "a1|" + MiniLm, "a2|" + MiniLm, "a3|" + Arctic, "b0|" + Arctic, "b1|" + Arctic],
            await RowsAsync(dataSource, "SELECT chunk_id || '|' || model FROM pipeline.chunk_vectors ORDER BY 1"));
        Assert.Equal(["3"], await RowsAsync(dataSource, "SELECT (embedding::real[])[1]::text FROM pipeline.chunk_vectors WHERE chunk_id = 'a3'"));
        Assert.Equal(["pdf:a|" + MiniLm, "pdf:b|" + Arctic], await RowsAsync(dataSource, "SELECT source || '|' || model FROM pipeline.source_models ORDER BY 1"));
        // Named as the service names partitions it creates, each with its own HNSW index and dimension check.
        Assert.Equal(
            new[] { ModelPartitions.PartitionName(Arctic), ModelPartitions.PartitionName(MiniLm) }.Order(StringComparer.Ordinal),
            await RowsAsync(dataSource, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'pipeline.chunk_vectors'::regclass ORDER BY c.relname::text COLLATE \"C\""));
        Assert.Equal(["hnsw", "hnsw"], await RowsAsync(dataSource,
            "SELECT am.amname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam JOIN pg_inherits h ON h.inhrelid = x.indrelid WHERE h.inhparent = 'pipeline.chunk_vectors'::regclass AND am.amname = 'hnsw'"));
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(dataSource,
            $"INSERT INTO pipeline.chunk_vectors (chunk_id, model, model_sha256, embedding) VALUES ('b0', '{MiniLm}', 'sha-minilm', '[1,2,3]')"));
        Assert.Empty(await RowsAsync(dataSource,
            "SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'pipeline' AND table_name = 'chunks' AND column_name IN ('embedding', 'model_id', 'model_sha256')"));
    }

    private static async Task ApplyUpToAsync(NpgsqlDataSource dataSource, int version)
    {
        await ExecuteAsync(dataSource,
            "CREATE SCHEMA IF NOT EXISTS pipeline; CREATE TABLE pipeline.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var migration in MigrationRunner.Bundled().Where(m => m.Version <= version))
        {
            await ExecuteAsync(dataSource, migration.Sql);
            await ExecuteAsync(dataSource, $"INSERT INTO pipeline.schema_migrations (version, name) VALUES ({migration.Version}, '{migration.Name}')");
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> RowsAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
