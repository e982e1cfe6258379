using AngleSharp.Html.Parser;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Ingestion;

namespace Pipeline.Host.Tests.Dashboard;

public sealed class ConfirmDeletionsButtonTests
{
    private static readonly DashboardLinks Links = new("/hangfire");
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Operators_get_confirm_deletions_only_on_a_job_whose_last_sync_was_blocked_by_its_deletion_limit()
    {
        var blocked = Source("jira-platform", new DeletionBlockedException("jira-platform", 40, 50, 20).Message);
        var failing = Source("jira-ops", "HTTP 503 from Jira");

        var operatorView = new HtmlParser().ParseDocument(SourcesPageHtml.Render([blocked, failing], Links, canOperate: true, Now));
        var readOnly = SourcesPageHtml.Render([blocked, failing], Links, canOperate: false, Now);

        var confirm = operatorView.QuerySelectorAll("tr[data-job=jira-platform] button[data-ajax]").Single(b => b.TextContent == "Confirm deletions");
        Assert.Equal("/hangfire/pipeline/sources/jira-platform/confirm-deletions", confirm.GetAttribute("data-ajax"));
        Assert.DoesNotContain(operatorView.QuerySelectorAll("tr[data-job=jira-ops] button"), b => b.TextContent == "Confirm deletions");
        Assert.DoesNotContain("Confirm deletions", readOnly);
    }

    private static SourceRow Source(string job, string error) => new(job, "jira", "https://example.atlassian.net", "0 3 * * *", true, Now.AddDays(-2),
        new RunRow(7, job, "jira:" + job, "schedule", "sync", "full", "failed", Now.AddHours(-1), Now.AddHours(-1).AddMinutes(2), null, error));
}
