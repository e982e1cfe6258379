using Pipeline.Connectors.Atlassian;
using Pipeline.Connectors.Jira;

namespace Pipeline.Connectors.Tests.Atlassian;

/// <summary>No Atlassian request may wait for ever: every HttpClient behind a source has a finite timeout.</summary>
public sealed class HttpTimeoutTests
{
    private static readonly JiraOptions Options = new() { SiteUrl = "https://example.atlassian.net", Projects = ["OPS"] };

    [Fact]
    public void A_given_client_with_an_infinite_timeout_is_refused_when_the_source_is_built()
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

        var error = Assert.Throws<ArgumentException>(() => new JiraSource("jira:test", Options, AtlassianCredentials.Anonymous, http));

        Assert.Contains("finite Timeout", error.Message);
    }

    [Fact]
    public void The_default_client_times_out_after_the_per_attempt_timeout_plus_a_margin()
    {
        using var http = SharedHttpHandler.CreateClient(Options.Timeout);

        Assert.Equal(Options.Timeout + TimeSpan.FromSeconds(30), http.Timeout);
    }
}
