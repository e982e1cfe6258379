using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Host.Metrics;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage;
using Pipeline.Storage.Metrics;

namespace Pipeline.Host.Tests.Metrics;

/// <summary>The snapshot behind the gauges, on a real database and real Hangfire storage, with a fake clock.</summary>
public sealed class OperationalSnapshotCacheTests
{
    [Fact]
    public async Task The_database_is_read_at_most_once_per_snapshot_period()
    {
        var connectionString = await TestCluster.CreateDatabaseAsync("metrics_cache");
        await using var db = PipelineDataSource.Create(connectionString);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = Cache(db, connectionString, time);

        var first = cache.Current();
        await using (var insert = db.CreateCommand(
            """
            INSERT INTO pipeline.dead_letters (job_name, source, external_id, chunk_ordinal, content_hash, error, run_id, payload_ref)
            VALUES ('cached', 'pdf:cached', 'a.pdf', 3, 'h', 'boom', 1, 'chunk:pdf:cached/a.pdf#3')
            """))
        {
            await insert.ExecuteNonQueryAsync();
        }
        time.Advance(TimeSpan.FromSeconds(14));
        var second = cache.Current();
        time.Advance(TimeSpan.FromSeconds(1));
        var third = cache.Current();

        Assert.NotNull(first);
        Assert.Empty(first.Index.DeadLetters);
        Assert.Same(first, second);
        Assert.Equal(new DeadLettersOutstanding("cached", 1), Assert.Single(third!.Index.DeadLetters));
        Assert.Equal(0, third.Queues["default"]);
        Assert.Equal(0, cache.Failures);
    }

    [Fact]
    public async Task An_unreachable_database_is_counted_and_not_asked_again_before_the_period_ends()
    {
        var connectionString = await TestCluster.CreateDatabaseAsync("metrics_outage");
        // Port 9 (discard) has no PostgreSQL: every read fails at connect.
        await using var down = PipelineDataSource.Create(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = 9, Timeout = 2 }.ConnectionString);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = Cache(down, connectionString, time);

        var first = cache.Current();
        var again = cache.Current();
        var failuresWithinPeriod = cache.Failures;
        time.Advance(TimeSpan.FromSeconds(15));
        cache.Current();

        Assert.Null(first);
        Assert.Null(again);
        Assert.Equal(1, failuresWithinPeriod);
        Assert.Equal(2, cache.Failures);
    }

    private static OperationalSnapshotCache Cache(Npgsql.NpgsqlDataSource db, string hangfireConnectionString, TimeProvider time)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(hangfireConnectionString, options), options);
        return new OperationalSnapshotCache(new MetricsSnapshotQuery(db), new Pipeline.Host.Jobs.JobCatalog([]), storage, new MetricsOptions { SnapshotSeconds = 15 }, time,
            NullLogger<OperationalSnapshotCache>.Instance);
    }
}
