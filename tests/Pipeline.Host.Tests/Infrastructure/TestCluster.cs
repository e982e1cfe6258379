using Pipeline.Storage;
using Pipeline.Storage.Embedded;
using Pipeline.Storage.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pipeline.Host.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL + pgvector cluster for the tests, started on first use (./pipeline test points
/// PIPELINE_TEST_DATA_DIR at .data/test and stops it afterwards); every test class gets a fresh database.
/// </summary>
public static class TestCluster
{
    private static readonly Lazy<EmbeddedPostgres> Cluster = new(() => new EmbeddedPostgres(new EmbeddedPostgresOptions
    {
        DataDirectory = Environment.GetEnvironmentVariable("PIPELINE_TEST_DATA_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Path.GetTempPath(), "pipeline-test-cluster"),
    }));

    private static int _counter;

    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var connectionString = await CreateEmptyDatabaseAsync(prefix);
        await using var dataSource = PipelineDataSource.Create(connectionString);
        await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        return connectionString;
    }

    /// <summary>A fresh database without the pipeline schema: for tests of a migration on data written before it.</summary>
    public static async Task<string> CreateEmptyDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}".ToLowerInvariant();
        await Cluster.Value.EnsureStartedAsync(CancellationToken.None);
        return await Cluster.Value.CreateDatabaseAsync(name, CancellationToken.None);
    }
}
