using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage;

namespace Pipeline.Host.Tests.Faults;

/// <summary>The advisory locks between processes; two data sources stand for two processes (separate pools and sessions).</summary>
public sealed class DocumentLockTests
{
    [Fact]
    public async Task A_document_lock_makes_another_process_wait_until_it_is_released()
    {
        var connectionString = await TestCluster.CreateDatabaseAsync("doclock");
        await using var first = PipelineDataSource.Create(connectionString);
        await using var second = PipelineDataSource.Create(connectionString);

        var held = await SourceLock.ForDocumentAsync(first, "pdf:job", "a.pdf", CancellationToken.None);
        var waiting = SourceLock.ForDocumentAsync(second, "pdf:job", "a.pdf", CancellationToken.None);
        await using (var other = await SourceLock.ForDocumentAsync(second, "pdf:job", "b.pdf", CancellationToken.None))
        {
            // Another document of the same source is not held up.
        }
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();
        await using var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_second_sync_of_a_source_fails_at_once_from_the_cli_and_waits_under_hangfire()
    {
        var connectionString = await TestCluster.CreateDatabaseAsync("srclock");
        await using var first = PipelineDataSource.Create(connectionString);
        await using var second = PipelineDataSource.Create(connectionString);

        var held = await SourceLock.AcquireAsync(first, "pdf:job", wait: false, CancellationToken.None);
        await Assert.ThrowsAsync<SourceBusyException>(() => SourceLock.AcquireAsync(second, "pdf:job", wait: false, CancellationToken.None));
        var waiting = SourceLock.AcquireAsync(second, "pdf:job", wait: true, CancellationToken.None);
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();
        await using var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
