using Microsoft.Extensions.Logging;
using Pipeline.Storage;
using Pipeline.Storage.Embedded;
using Pipeline.Storage.Migrations;

namespace Pipeline.Host.Database;

/// <summary>
/// Finds the database (PIPELINE_DB, else the embedded cluster under the data folder, started on demand)
/// and brings its schema up to date. Every command that touches data goes through here first.
/// </summary>
public static class DatabaseBootstrap
{
    public static EmbeddedPostgres Embedded(PipelineSettings settings, ILoggerFactory loggerFactory) =>
        new(new EmbeddedPostgresOptions { DataDirectory = settings.DataDirectory }, loggerFactory.CreateLogger<EmbeddedPostgres>());

    public static async Task<string> ResolveAsync(PipelineSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken) =>
        settings.ConnectionString ?? await Embedded(settings, loggerFactory).EnsureStartedAsync(cancellationToken);

    /// <returns>The connection string and the migrations this call applied.</returns>
    public static async Task<(string ConnectionString, IReadOnlyList<Migration> Applied)> PrepareAsync(
        PipelineSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var connectionString = await ResolveAsync(settings, loggerFactory, cancellationToken);
        // A short-lived data source: types created by migrations (vector) are then known to the long-lived one.
        await using var dataSource = PipelineDataSource.Create(connectionString);
        var applied = await new MigrationRunner(dataSource, loggerFactory.CreateLogger<MigrationRunner>()).ApplyAsync(cancellationToken);
        return (connectionString, applied);
    }
}
