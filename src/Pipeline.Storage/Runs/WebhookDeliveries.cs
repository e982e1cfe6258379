using Npgsql;

namespace Pipeline.Storage.Runs;

/// <summary>Remembers delivery ids for a week so that Atlassian's redeliveries are acknowledged without new work.</summary>
public sealed class WebhookDeliveries(NpgsqlDataSource dataSource)
{
    /// <returns>True the first time a delivery id is seen, also when copies of one delivery arrive at once.</returns>
    public async Task<bool> TryRecordAsync(string deliveryId, string jobName, string item, CancellationToken cancellationToken)
    {
        // One statement: RETURNING yields a row only when this call inserted it. Counting affected rows of a batch
        // would add the rows the week-old purge deleted, and call a repeated delivery new.
        await using var command = dataSource.CreateCommand(
            """
            WITH purged AS (DELETE FROM pipeline.webhook_deliveries WHERE received_at < now() - interval '7 days')
            INSERT INTO pipeline.webhook_deliveries (delivery_id, job_name, item) VALUES (@id, @job, @item)
            ON CONFLICT DO NOTHING
            RETURNING delivery_id
            """);
        command.Parameters.AddWithValue("id", deliveryId);
        command.Parameters.AddWithValue("job", jobName);
        command.Parameters.AddWithValue("item", item);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
