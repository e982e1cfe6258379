using Npgsql;

namespace Pipeline.Storage.Embedded;

/// <summary>Creates databases with the vector extension. Setup connections bypass the pool so none linger to block a DROP.</summary>
internal static class DatabaseProvisioner
{
    public const string PgvectorMissing = "pgvector is not installed; run ./pipeline setup";

    /// <summary>Looks the database up first rather than trying to connect, which would log a FATAL on every first start.</summary>
    public static async Task EnsureAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        await using (var maintenance = await OpenAsync(target, "postgres", cancellationToken))
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", maintenance)
            {
                Parameters = { new() { Value = target.Database! } },
            };
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                await ExecuteAsync(maintenance, $"CREATE DATABASE {PgIdentifier.Quote(target.Database!)}", cancellationToken);
        }
        await using var connection = await OpenAsync(target, target.Database!, cancellationToken);
        await EnsureExtensionAsync(connection, "vector", cancellationToken);
    }

    public static async Task RecreateAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        var name = PgIdentifier.Quote(target.Database!);
        await using (var maintenance = await OpenAsync(target, "postgres", cancellationToken))
        {
            // FORCE ends sessions (e.g. pooled ones from an earlier test run) that would otherwise make the drop fail.
            await ExecuteAsync(maintenance, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", cancellationToken);
            await ExecuteAsync(maintenance, $"CREATE DATABASE {name}", cancellationToken);
        }
        await using var connection = await OpenAsync(target, target.Database!, cancellationToken);
        await EnsureExtensionAsync(connection, "vector", cancellationToken);
    }

    /// <summary>The extension is a parameter only so tests can ask for one that is not installed.</summary>
    internal static async Task EnsureExtensionAsync(NpgsqlConnection connection, string extension, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(connection, $"CREATE EXTENSION IF NOT EXISTS {PgIdentifier.Quote(extension)}", cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.FeatureNotSupported or PostgresErrorCodes.UndefinedFile)
        {
            // 0A000 "extension is not available" (PostgreSQL 15), 58P01 "could not open extension control file" (before 15).
            throw new EmbeddedPostgresException(
                extension == "vector" ? PgvectorMissing : $"PostgreSQL extension {extension} is not installed; run ./pipeline setup", ex);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task<NpgsqlConnection> OpenAsync(NpgsqlConnectionStringBuilder target, string database, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = database, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
