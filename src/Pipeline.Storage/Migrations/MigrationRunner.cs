using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Pipeline.Storage.Migrations;

/// <summary>
/// Applies the versioned SQL files of schemas/migrations (shipped as resources) in order, each once,
/// each in its own transaction, under an advisory lock so two processes starting together do not race.
/// </summary>
public sealed partial class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    // Arbitrary but fixed: the lock id every pipeline process agrees on for schema changes.
    private const long MigrationLockId = 0x5049_5045_4c49_4e45;

    public static IReadOnlyList<Migration> Bundled()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Migration.FromResource(n, Read(assembly, n)))
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <returns>The migrations applied by this call (empty when the schema was current).</returns>
    public async Task<IReadOnlyList<Migration>> ApplyAsync(CancellationToken cancellationToken)
    {
        var applied = new List<Migration>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(@id)", connection))
        {
            lockCommand.Parameters.AddWithValue("id", MigrationLockId);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await using (var bootstrap = new NpgsqlCommand(
                """
                CREATE SCHEMA IF NOT EXISTS pipeline;
                CREATE TABLE IF NOT EXISTS pipeline.schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now());
                """, connection))
            {
                await bootstrap.ExecuteNonQueryAsync(cancellationToken);
            }
            var done = new HashSet<int>();
            await using (var query = new NpgsqlCommand("SELECT version FROM pipeline.schema_migrations", connection))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    done.Add(reader.GetInt32(0));
                }
            }
            foreach (var migration in Bundled().Where(m => !done.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
                {
                    await apply.ExecuteNonQueryAsync(cancellationToken);
                }
                await using (var record = new NpgsqlCommand(
                    "INSERT INTO pipeline.schema_migrations (version, name) VALUES (@v, @n)", connection, transaction))
                {
                    record.Parameters.AddWithValue("v", migration.Version);
                    record.Parameters.AddWithValue("n", migration.Name);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                LogApplied(migration.Version, migration.Name);
                applied.Add(migration);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@id)", connection);
            unlock.Parameters.AddWithValue("id", MigrationLockId);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
        // Types created by a migration (vector) must be known to pooled connections opened before it ran.
        if (applied.Count > 0)
        {
            await connection.ReloadTypesAsync(cancellationToken);
        }
        return applied;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} {Name}")]
    private partial void LogApplied(int version, string name);
}
