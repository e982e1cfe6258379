using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Storage;
using Pipeline.Storage.Embedded;
using Pipeline.Storage.Migrations;

namespace Pipeline.Host.Tests.Faults;

/// <summary>
/// An embedded PostgreSQL cluster of one test's own, which it may stop and restart; the shared test cluster must
/// never go down under the other tests. Its folder sits directly under /tmp: the postgres account (the server's
/// user when tests run as root) must be able to reach it. Stopped and deleted on dispose.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"pipeline-faults-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);

    public PrivateCluster() => Postgres = new EmbeddedPostgres(new EmbeddedPostgresOptions { DataDirectory = _folder });

    public EmbeddedPostgres Postgres { get; }

    /// <summary>The cluster's main database, started and migrated.</summary>
    public async Task<string> StartAsync() => await MigratedAsync(await Postgres.EnsureStartedAsync(CancellationToken.None));

    /// <summary>Another fresh, migrated database in the same cluster.</summary>
    public async Task<string> CreateDatabaseAsync(string name) => await MigratedAsync(await Postgres.CreateDatabaseAsync(name, CancellationToken.None));

    /// <summary>Fast shutdown (every session is cut, open transactions roll back), then a start on the same port.</summary>
    public async Task RestartAsync()
    {
        await Postgres.StopAsync(CancellationToken.None);
        await Postgres.EnsureStartedAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Postgres.StopAsync(CancellationToken.None);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort, like every temp folder of the tests.
        }
    }

    private static async Task<string> MigratedAsync(string connectionString)
    {
        await using var dataSource = PipelineDataSource.Create(connectionString);
        await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        return connectionString;
    }
}
