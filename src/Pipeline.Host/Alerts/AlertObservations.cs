using Npgsql;
using NpgsqlTypes;

namespace Pipeline.Host.Alerts;

/// <summary>What condition sources saw at the previous check (<c>pipeline.alert_observations</c>), to tell growth from a steady state.</summary>
public sealed class AlertObservations(NpgsqlDataSource dataSource)
{
    /// <summary>Stores the values seen now and returns those stored before (absent: never observed).</summary>
    public async Task<IReadOnlyDictionary<string, double>> ExchangeAsync(IReadOnlyDictionary<string, double> current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Every part of one statement sees the same snapshot: "previous" reads the rows as they were before the upsert.
        await using var command = dataSource.CreateCommand(
            """
            WITH previous AS (SELECT key, value FROM pipeline.alert_observations WHERE key = ANY(@keys)),
            stored AS (
                INSERT INTO pipeline.alert_observations (key, value, observed_at)
                SELECT k, v, @now FROM unnest(@keys, @values) AS t(k, v)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, observed_at = excluded.observed_at)
            SELECT key, value FROM previous
            """);
        command.Parameters.AddWithValue("keys", current.Keys.ToArray());
        command.Parameters.AddWithValue("values", current.Values.ToArray());
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now });
        var previous = new Dictionary<string, double>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            previous[reader.GetString(0)] = reader.GetDouble(1);
        }
        return previous;
    }
}
