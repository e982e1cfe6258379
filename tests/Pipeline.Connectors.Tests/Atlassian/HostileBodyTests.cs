using Pipeline.Connectors.Jira;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Core.Sources;

namespace Pipeline.Connectors.Tests.Atlassian;

/// <summary>
/// A site (or a proxy in front of it) that answers with a body that never ends or inflates to GBs must fail the item
/// within the request budget, with memory flat: every body, errors included, is read through one bounded reader.
/// </summary>
// Alone, so the process-wide allocation counter measures these requests only.
[Collection(nameof(HostileBodyTests))]
[CollectionDefinition(nameof(HostileBodyTests), DisableParallelization = true)]
public sealed class HostileBodyTests
{
    private const int Retries = 2;
    private const int Attempts = Retries + 1;
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    // Every attempt timing out, plus slack for back-off and a busy machine; past it the old code was still reading.
    private static readonly TimeSpan Budget = AttemptTimeout * Attempts + TimeSpan.FromSeconds(10);

    // What reading an error prefix per attempt and throwing the rest away may allocate, generously.
    private const long FlatAllocationBytes = 64L * 1024 * 1024;

    [Fact]
    public async Task A_502_with_an_endless_body_fails_the_item_within_its_budget_and_the_client_stops_reading()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(1);
        jira.FailNext(Attempts, InjectedFault.Hostile(502, HostileBody.Endless()));

        var (result, allocated) = await LoadWithinBudgetAsync(jira);

        // A 5xx that outlasts the retries is the source's fault: `unavailable` (kept stale if it was indexed).
        Assert.Equal("unavailable", result.FailureReason);
        Assert.Contains("502", result.FailureMessage);
        Assert.Equal(Attempts, jira.Requests.Count);
        // The client read a 64 KB prefix per attempt; the rest is socket buffers and the handler's bounded drain.
        Assert.True(jira.Sent.Count < Attempts * 16L * 1024 * 1024, $"the server sent {jira.Sent.Count / 1024} KB");
        Assert.True(allocated < FlatAllocationBytes, $"allocated {allocated / (1024 * 1024)} MB");
    }

    [Fact]
    public async Task A_502_whose_body_stalls_after_the_headers_is_cut_by_the_per_attempt_timeout()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(1);
        jira.FailNext(Attempts, InjectedFault.Hostile(502, HostileBody.Stalled()));

        var (result, _) = await LoadWithinBudgetAsync(jira);

        Assert.Equal("timeout", result.FailureReason);
        Assert.Equal(Attempts, jira.Requests.Count);
    }

    [Fact]
    public async Task A_gzip_bomb_in_an_error_answer_is_inflated_no_further_than_the_error_cap()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(1);
        jira.FailNext(Attempts, InjectedFault.Hostile(500, HostileBody.GzipBomb()));

        var (result, allocated) = await LoadWithinBudgetAsync(jira);

        Assert.Equal("unavailable", result.FailureReason);
        Assert.Contains("500", result.FailureMessage);
        // The whole bomb (4 MB on the wire) fits in the socket buffers, so what the server sent proves nothing here;
        // memory does: inflating it would allocate GBs.
        Assert.True(allocated < FlatAllocationBytes, $"allocated {allocated / (1024 * 1024)} MB");
    }

    [Fact]
    public async Task A_gzip_bomb_in_a_success_answer_fails_as_too_large_counted_after_inflation()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(1);
        jira.FailNext(Attempts, InjectedFault.Hostile(200, HostileBody.GzipBomb()));

        var (result, allocated) = await LoadWithinBudgetAsync(jira, maxResponseBytes: 1024 * 1024);

        Assert.Equal("too-large", result.FailureReason);
        Assert.Contains("over the response limit", result.FailureMessage);
        // Not retried: the same answer would come back.
        Assert.Single(jira.Requests);
        Assert.True(allocated < FlatAllocationBytes, $"allocated {allocated / (1024 * 1024)} MB");
    }

    // The test's own bound cancels the load, so a client that keeps reading fails the test instead of hanging it.
    private static async Task<(LoadResult Result, long AllocatedBytes)> LoadWithinBudgetAsync(FakeJira jira, long? maxResponseBytes = null)
    {
        var source = TestSources.Jira(jira, o => o with
        {
            Timeout = AttemptTimeout,
            Retries = Retries,
            MaxResponseBytes = maxResponseBytes ?? o.MaxResponseBytes,
        });
        using var budget = new CancellationTokenSource(Budget);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        LoadResult result;
        try
        {
            result = await source.LoadAsync(new DocumentReference("FIX-1", "v", null), budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            throw new Xunit.Sdk.XunitException($"the item had not failed after {Budget.TotalSeconds} s: the client kept reading");
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Null(result.Document);
        return (result, allocated);
    }
}
