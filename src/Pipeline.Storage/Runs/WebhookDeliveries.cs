using Npgsql;

namespace Pipeline.Storage.Runs;

/// <summary>Remembers delivery ids for a week so that Atlassian's redeliveries are acknowledged without new work.</summary>
public sealed class WebhookDeliveries(NpgsqlDataSource dataSource)
{
    /// <returns>True the first time a delivery id is seen.</returns>
    public async Task<bool> TryRecordAsync(string deliveryId, string jobName, string item, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            DELETE FROM pipeline.webhook_deliveries WHERE received_at < now() - interval '7 days';
            INSERT INTO pipeline.webhook_deliveries (delivery_id, job_name, item) VALUES (@id, @job, @item) ON CONFLICT DO NOTHING;
            """);
        command.Parameters.AddWithValue("id", deliveryId);
        command.Parameters.AddWithValue("job", jobName);
        command.Parameters.AddWithValue("item", item);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
