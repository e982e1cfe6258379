using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage;
using Pipeline.Storage.Runs;

namespace Pipeline.Host.Tests.Webhooks;

/// <summary>pipeline.webhook_deliveries: a delivery id is new exactly once, whatever else the same call cleans up.</summary>
public sealed class WebhookDeliveriesTests
{
    [Fact]
    public async Task A_repeated_delivery_is_not_new_even_when_expired_deliveries_are_purged_by_the_same_call()
    {
        await using var dataSource = PipelineDataSource.Create(await TestCluster.CreateDatabaseAsync("deliveries"));
        var deliveries = new WebhookDeliveries(dataSource);
        Assert.True(await deliveries.TryRecordAsync("d-1", "jira-fix", "FIX-1", CancellationToken.None));
        // A delivery older than the week kept: the next call deletes it, which must not count as recording the repeat.
        await using (var command = dataSource.CreateCommand(
            "INSERT INTO pipeline.webhook_deliveries (delivery_id, job_name, item, received_at) VALUES ('d-old', 'jira-fix', 'FIX-9', now() - interval '8 days')"))
        {
            await command.ExecuteNonQueryAsync();
        }

        Assert.False(await deliveries.TryRecordAsync("d-1", "jira-fix", "FIX-1", CancellationToken.None));
        Assert.True(await deliveries.TryRecordAsync("d-2", "jira-fix", "FIX-2", CancellationToken.None));
    }

    [Fact]
    public async Task Of_concurrent_copies_of_one_delivery_exactly_one_is_new()
    {
        await using var dataSource = PipelineDataSource.Create(await TestCluster.CreateDatabaseAsync("deliveries"));
        var deliveries = new WebhookDeliveries(dataSource);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            deliveries.TryRecordAsync("d-same", "jira-fix", "FIX-1", CancellationToken.None))));

        Assert.Equal(1, results.Count(isNew => isNew));
    }
}
