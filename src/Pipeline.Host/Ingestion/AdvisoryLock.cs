using Npgsql;
using Pipeline.Core.Hashing;

namespace Pipeline.Host.Ingestion;

/// <summary>
/// A PostgreSQL session advisory lock held on a connection of its own. It dies with the session: a killed process
/// or a database restart releases it, where a lock row (Hangfire's distributed locks) would linger until it expires.
/// </summary>
public sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private AdvisoryLock(NpgsqlConnection connection, long key) => (_connection, _key) = (connection, key);

    /// <summary>The lock, or null at once when another session holds it.</summary>
    public static Task<AdvisoryLock?> TryAcquireAsync(NpgsqlDataSource dataSource, string name, CancellationToken cancellationToken) =>
        AcquireAsync(dataSource, name, wait: false, cancellationToken);

    /// <summary>Waits until the lock is free; cancelling the token cancels the wait on the server.</summary>
    public static async Task<AdvisoryLock> WaitAsync(NpgsqlDataSource dataSource, string name, CancellationToken cancellationToken) =>
        await AcquireAsync(dataSource, name, wait: true, cancellationToken) ?? throw new InvalidOperationException($"advisory lock '{name}' was not taken");

    /// <summary>The 60-bit key of a lock name; the same in every process and version, so old and new code exclude each other.</summary>
    public static long KeyOf(string name) => Convert.ToInt64(ContentHash.Of("source-lock:" + name)[..15], 16);

    private static async Task<AdvisoryLock?> AcquireAsync(NpgsqlDataSource dataSource, string name, bool wait, CancellationToken cancellationToken)
    {
        var key = KeyOf(name);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            // pg_advisory_lock returns void: it either takes the lock or keeps waiting, so the answer is whether it returned.
            await using var command = new NpgsqlCommand(wait ? "SELECT pg_advisory_lock(@key)" : "SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            // Waiting for a lock is not a slow query: the statement timeout must not end it.
            command.CommandTimeout = 0;
            var result = await command.ExecuteScalarAsync(cancellationToken);
            if (wait || result is true)
            {
                return new AdvisoryLock(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_connection.State != System.Data.ConnectionState.Open)
            {
                return;
            }
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
            command.Parameters.AddWithValue("key", _key);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The session is gone (database restarted, connection cut), and the lock went with it; the run's own
            // error, if any, is the one worth reporting.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
