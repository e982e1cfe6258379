using Pipeline.Host.Alerts;
using Pipeline.Storage.Runs;

namespace Pipeline.Host.Tests.Alerts;

/// <summary>Each condition source against real rows: it fires for the unhealthy job and stays quiet for the healthy one.</summary>
public sealed class AlertConditionSourceTests
{
    private static readonly DateTimeOffset Now = AlertRig.Start;

    [Fact]
    public async Task Quality_fires_when_the_last_sync_rejected_more_than_the_threshold_and_a_healthy_job_stays_quiet()
    {
        await using var rig = await AlertRig.CreateAsync("bad", "good", "recovered");
        await rig.AddQualityRunAsync("bad", Now.AddHours(-2), processed: 20, rejected: 1);
        await rig.AddQualityRunAsync("bad", Now.AddHours(-1), processed: 20, rejected: 6);
        await rig.AddQualityRunAsync("good", Now.AddHours(-1), processed: 20, rejected: 4); // 0.20 is not above 0.20
        await rig.AddQualityRunAsync("recovered", Now.AddHours(-2), processed: 20, rejected: 20);
        await rig.AddQualityRunAsync("recovered", Now.AddHours(-1), processed: 20, rejected: 0);
        var source = new QualityConditionSource(rig.DataSource, rig.Catalog, AlertRig.Options());

        var firing = await source.FiringAsync(Now, CancellationToken.None);

        var condition = Assert.Single(firing);
        Assert.Equal(("quality:bad", "bad", "bad reject rate 0.30 > 0.20"), (condition.Key, condition.Job, condition.Title));
        Assert.Equal(("alert-quality.md", "/hangfire/pipeline/quality"), (condition.Runbook, condition.DashboardPage));
        Assert.Contains(new AlertFigure("documents rejected", "6"), condition.Figures);
    }

    [Fact]
    public async Task Dead_letters_fire_above_the_threshold_and_when_they_grow_and_a_steady_small_backlog_stays_quiet()
    {
        await using var rig = await AlertRig.CreateAsync("many", "few", "none");
        await rig.AddDeadLettersAsync("many", 3);
        await rig.AddDeadLettersAsync("few", 1);
        var source = new DeadLetterConditionSource(rig.DataSource, rig.Catalog, new AlertObservations(rig.DataSource),
            AlertRig.Options() with { DeadLetterThreshold = 2 });

        var first = await source.FiringAsync(Now, CancellationToken.None);
        await rig.AddDeadLettersAsync("none", 1);
        var second = await source.FiringAsync(Now.AddMinutes(5), CancellationToken.None);
        var third = await source.FiringAsync(Now.AddMinutes(10), CancellationToken.None);

        Assert.Equal(["dead-letters:many"], first.Select(c => c.Key));
        Assert.Equal("many 3 dead letters > 2", first[0].Title);
        Assert.Equal(["dead-letters:many", "dead-letters:none"], second.Select(c => c.Key).Order());
        Assert.Equal("none dead letters grew 0 -> 1", second.Single(c => c.Job == "none").Title);
        Assert.Equal(["dead-letters:many"], third.Select(c => c.Key));
    }

    [Fact]
    public async Task A_job_failing_n_times_in_a_row_fires_and_one_success_in_between_keeps_it_quiet()
    {
        await using var rig = await AlertRig.CreateAsync("broken", "shaky", "fixed");
        foreach (var hoursAgo in new[] { 4, 3, 2, 1 })
        {
            await rig.AddRunAsync("broken", "failed", Now.AddHours(-hoursAgo), error: $"HTTP 401 from Jira ({hoursAgo} h ago)");
        }
        await rig.AddRunAsync("shaky", "failed", Now.AddHours(-4), error: "timeout");
        await rig.AddRunAsync("shaky", "failed", Now.AddHours(-3), error: "timeout");
        await rig.AddRunAsync("shaky", "succeeded", Now.AddHours(-2));
        await rig.AddRunAsync("shaky", "failed", Now.AddHours(-1), error: "timeout");
        await rig.AddRunAsync("fixed", "failed", Now.AddHours(-4), error: "timeout");
        await rig.AddRunAsync("fixed", "failed", Now.AddHours(-3), error: "timeout");
        await rig.AddRunAsync("fixed", "failed", Now.AddHours(-2), error: "timeout");
        await rig.AddRunAsync("fixed", "succeeded", Now.AddHours(-1));
        var source = new JobFailingConditionSource(rig.DataSource, rig.Catalog, AlertRig.Options());

        var firing = await source.FiringAsync(Now, CancellationToken.None);

        var condition = Assert.Single(firing);
        Assert.Equal("broken 4 failed syncs in a row ≥ 3", condition.Title);
        Assert.Contains(new AlertFigure("last error", "HTTP 401 from Jira (1 h ago)"), condition.Figures);
        Assert.Equal("alert-job-failing.md", condition.Runbook);
    }

    [Fact]
    public async Task Freshness_fires_when_the_last_successful_sync_is_older_than_the_sla_and_a_job_that_never_ran_stays_quiet()
    {
        await using var rig = await AlertRig.CreateAsync("stale", "fresh", "never-ran", "never-succeeded");
        await rig.AddRunAsync("stale", "succeeded", Now.AddHours(-30));
        await rig.AddRunAsync("stale", "failed", Now.AddHours(-5), error: "disk full");
        await rig.AddRunAsync("fresh", "succeeded", Now.AddHours(-25));
        await rig.AddRunAsync("never-succeeded", "failed", Now.AddHours(-27), error: "timeout");
        var source = new FreshnessConditionSource(new LastSuccessfulSyncQuery(rig.DataSource), rig.Catalog);

        var firing = (await source.FiringAsync(Now, CancellationToken.None)).OrderBy(c => c.Key).ToList();

        Assert.Equal(["freshness:never-succeeded", "freshness:stale"], firing.Select(c => c.Key));
        Assert.Equal("never-succeeded no successful sync in 27.1 h > 26.0 h", firing[0].Title);
        Assert.Equal("stale last successful sync 30.0 h ago > 26.0 h", firing[1].Title);
        Assert.Contains(new AlertFigure("last successful sync", "2026-03-01 03:00 UTC"), firing[1].Figures);
        Assert.Equal("/hangfire/pipeline/sources", firing[1].DashboardPage);
    }
}
