using Hangfire;
using Hangfire.Common;
using Pipeline.Connectors.Atlassian;
using Pipeline.Host.Alerts;
using Pipeline.Host.Scheduling;

namespace Pipeline.Host.Tests.Scheduling;

[Collection(InProcessService.Collection)]
public sealed class JobRetryFilterProviderTests
{
    private static readonly PipelineSettings Settings = new()
    {
        DataDirectory = "/tmp/unused", JobsDirectory = "/tmp/unused", HomeDirectory = "/tmp/unused", JobRetryDelays = [1, 2],
    };

    [Fact]
    public void Every_job_gets_one_retry_policy_with_the_configured_delays_that_skips_permanent_failures()
    {
        var provider = JobRetryFilterProvider.For(Settings);
        Job[] jobs =
        [
            Job.FromExpression<IngestJob>(j => j.RunAsync("nightly", "test", CancellationToken.None)),
            Job.FromExpression<ReingestDocumentJob>(j => j.RunAsync("nightly", "doc.pdf", "webhook", CancellationToken.None)),
            Job.FromExpression<IngestJob>(j => j.RunConfirmingDeletionsAsync("nightly", "dashboard", CancellationToken.None)),
        ];

        foreach (var job in jobs)
        {
            var retry = Assert.IsType<AutomaticRetryAttribute>(Assert.Single(provider.GetFilters(job), f => f.Instance is AutomaticRetryAttribute).Instance);
            Assert.Equal(2, retry.Attempts);
            Assert.Equal([1, 2], retry.DelaysInSeconds);
            Assert.Contains(typeof(SourceAuthenticationException), retry.ExceptOn);
            // A blocked sync would list the same again: it waits for an operator instead of being retried.
            Assert.Contains(typeof(global::Pipeline.Host.Ingestion.DeletionBlockedException), retry.ExceptOn);
        }
    }

    [Fact]
    public void A_job_that_states_its_own_retry_policy_keeps_it()
    {
        var provider = JobRetryFilterProvider.For(Settings);
        var job = Job.FromExpression<AlertJob>(j => j.RunAsync(CancellationToken.None));

        var retry = Assert.IsType<AutomaticRetryAttribute>(Assert.Single(provider.GetFilters(job), f => f.Instance is AutomaticRetryAttribute).Instance);

        Assert.Equal(0, retry.Attempts);
    }

    [Fact]
    public void Retry_delays_outside_a_second_to_a_day_are_rejected_at_start_up()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => (Settings with { JobRetryDelays = [30, 0] }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (Settings with { JobRetryDelays = [86_401] }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (Settings with { IngestWorkers = 0 }).Validate());
    }
}
