using Pipeline.Connectors.Jira;

namespace Pipeline.Connectors.Tests.Jira;

public sealed class JiraQueryTests
{
    [Fact]
    public void The_watermark_is_written_in_the_zone_the_searching_account_reads_jql_dates_in()
    {
        var options = new JiraOptions { SiteUrl = "https://example.atlassian.net", Projects = ["OPS", "DEV"], SearchTimeZone = "America/Los_Angeles" };

        var jql = JiraQuery.ChangedSince(options, new DateTimeOffset(2024, 6, 1, 18, 2, 59, TimeSpan.Zero));

        Assert.Equal("""(project in ("OPS", "DEV")) AND updated >= "2024-06-01 10:57" ORDER BY updated ASC, key ASC""", jql);
    }

    [Theory]
    [InlineData("project = OPS ORDER BY created DESC")]
    [InlineData("")]
    public void A_filter_with_its_own_order_or_no_scope_at_all_is_refused(string jql)
    {
        var options = new JiraOptions { SiteUrl = "https://example.atlassian.net", Jql = jql };

        Assert.Throws<ArgumentException>(options.Validate);
    }
}
