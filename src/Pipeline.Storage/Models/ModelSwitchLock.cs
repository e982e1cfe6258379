using Npgsql;

namespace Pipeline.Storage.Models;

/// <summary>
/// Readers (searches, canaries) hold the shared form for the length of their transaction; <c>activate</c> and
/// <c>drop</c> take the exclusive one. So a search reads the active model and that model's vectors in one piece: it
/// never sees a switch half done, and a model's vectors cannot be dropped under a search that chose it.
/// </summary>
public static class ModelSwitchLock
{
    private const long Id = 0x5049_5045_5357_4954;

    public static Task ShareAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        TakeAsync("SELECT pg_advisory_xact_lock_shared(@id)", connection, transaction, cancellationToken);

    public static Task TakeExclusiveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        TakeAsync("SELECT pg_advisory_xact_lock(@id)", connection, transaction, cancellationToken);

    private static async Task TakeAsync(string sql, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("id", Id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
