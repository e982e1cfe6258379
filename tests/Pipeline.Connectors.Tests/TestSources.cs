using Pipeline.Connectors.Atlassian;
using Pipeline.Connectors.Confluence;
using Pipeline.Connectors.Jira;
using Pipeline.Connectors.Tests.FakeAtlassian;

namespace Pipeline.Connectors.Tests;

/// <summary>Sources pointed at the fake servers, with short back-off so failure tests stay fast.</summary>
internal static class TestSources
{
    public static JiraOptions JiraOptions(FakeJira jira) => new()
    {
        SiteUrl = jira.BaseUrl.ToString(),
        Projects = ["FIX"],
        PageSize = 2,
        Timeout = TimeSpan.FromSeconds(10),
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
    };

    public static JiraSource Jira(FakeJira jira, Func<JiraOptions, JiraOptions>? adjust = null, AtlassianCredentials? credentials = null)
    {
        var options = JiraOptions(jira);
        return new JiraSource("jira:test", adjust is null ? options : adjust(options), credentials ?? AtlassianCredentials.Anonymous);
    }

    public static ConfluenceOptions ConfluenceOptions(FakeConfluence confluence) => new()
    {
        SiteUrl = confluence.BaseUrl + "wiki",
        SpaceKeys = ["ENG"],
        PageSize = 2,
        Timeout = TimeSpan.FromSeconds(10),
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
    };

    public static ConfluenceSource Confluence(FakeConfluence confluence, Func<ConfluenceOptions, ConfluenceOptions>? adjust = null)
    {
        var options = ConfluenceOptions(confluence);
        return new ConfluenceSource("confluence:test", adjust is null ? options : adjust(options), AtlassianCredentials.Anonymous);
    }
}
