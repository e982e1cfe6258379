using Pipeline.Host.Alerts;
using Pipeline.Host.Ingestion;

namespace Pipeline.Host.Tests.Alerts;

public sealed class DeletionBlockedAlertTests
{
    private static readonly DateTimeOffset Now = AlertRig.Start;

    [Fact]
    public async Task A_job_whose_last_sync_was_blocked_by_its_deletion_limit_fires_and_a_confirmed_or_otherwise_failing_job_does_not()
    {
        await using var rig = await AlertRig.CreateAsync("blocked", "confirmed", "failing");
        var blockedError = new DeletionBlockedException("blocked", 40, 50, 20).Message;
        await rig.AddRunAsync("blocked", "succeeded", Now.AddHours(-30));
        await rig.AddRunAsync("blocked", "failed", Now.AddHours(-2), error: blockedError);
        await rig.AddRunAsync("confirmed", "failed", Now.AddHours(-3), error: new DeletionBlockedException("confirmed", 12, 12, 20).Message);
        await rig.AddRunAsync("confirmed", "succeeded", Now.AddHours(-1));
        await rig.AddRunAsync("failing", "failed", Now.AddHours(-1), error: "HTTP 503 from Jira");
        var source = new DeletionBlockedConditionSource(rig.DataSource, rig.Catalog);

        var firing = await source.FiringAsync(Now, CancellationToken.None);

        var condition = Assert.Single(firing);
        Assert.Equal(("deletion-blocked:blocked", "blocked"), (condition.Key, condition.Job));
        Assert.Contains("would delete 40 of 50 documents, more than the limit of 20%", condition.Figures.Single(f => f.Name == "error").Value);
        Assert.Equal("alert-deletion-blocked.md", condition.Runbook);
    }
}
