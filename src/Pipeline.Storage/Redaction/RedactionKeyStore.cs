using System.Security.Cryptography;
using Npgsql;

namespace Pipeline.Storage.Redaction;

/// <summary>The index's own redaction key (<c>pipeline.redaction_key</c>), made at random by whoever needs it first.</summary>
public sealed class RedactionKeyStore(NpgsqlDataSource dataSource)
{
    public async Task<byte[]> GetOrCreateAsync(CancellationToken cancellationToken)
    {
        // Two processes starting together both offer a key; the row that lands first is everyone's.
        await using var command = dataSource.CreateCommand(
            """
            WITH inserted AS (INSERT INTO pipeline.redaction_key (key) VALUES (@key) ON CONFLICT (id) DO NOTHING RETURNING key)
            SELECT key FROM inserted UNION ALL SELECT key FROM pipeline.redaction_key LIMIT 1
            """);
        command.Parameters.AddWithValue("key", RandomNumberGenerator.GetBytes(32));
        return (byte[])(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
