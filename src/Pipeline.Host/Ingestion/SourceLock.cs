using Npgsql;
using Pipeline.Core.Hashing;

namespace Pipeline.Host.Ingestion;

/// <summary>
/// A PostgreSQL session advisory lock per source, held for a whole run: two processes (CLI and service, or two
/// service instances) never ingest the same source at once, and the lock dies with the process that held it.
/// </summary>
public sealed class SourceLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private SourceLock(NpgsqlConnection connection, long key) => (_connection, _key) = (connection, key);

    public static async Task<SourceLock> AcquireAsync(NpgsqlDataSource dataSource, string source, CancellationToken cancellationToken)
    {
        var key = Convert.ToInt64(ContentHash.Of("source-lock:" + source)[..15], 16);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                return new SourceLock(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        throw new SourceBusyException(source);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
            command.Parameters.AddWithValue("key", _key);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
