using System.Diagnostics;
using System.Text;
using Pipeline.Connectors.Atlassian;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Core.Sources;

namespace Pipeline.Connectors.Tests.Jira;

public sealed class JiraResilienceTests
{
    [Fact]
    public async Task A_429_with_retry_after_is_retried_after_the_wait_and_the_throttle_is_counted()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(1);
        jira.ThrottleNext(1, retryAfter: "1");
        var source = TestSources.Jira(jira);
        var clock = Stopwatch.StartNew();

        var references = await source.ListAsync(CancellationToken.None).ToListAsync();

        Assert.Single(references);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {clock.Elapsed}");
        var requests = jira.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(0.95), $"second attempt {requests[1].At - requests[0].At} after the first");
        Assert.Equal(new SourceRequestCounts(2, 1, 1), source.Requests);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_until_the_site_answers()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(1);
        jira.FailNext(2, InjectedFault.ServerError(502));
        var source = TestSources.Jira(jira);

        var references = await source.ListAsync(CancellationToken.None).ToListAsync();

        Assert.Single(references);
        Assert.Equal(new SourceRequestCounts(3, 2, 0), source.Requests);
    }

    [Fact]
    public async Task A_server_error_that_outlasts_the_retries_fails_as_unavailable()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(1);
        jira.FailNext(3, InjectedFault.ServerError(502));
        var source = TestSources.Jira(jira, o => o with { Retries = 2 });

        var error = await Assert.ThrowsAsync<SourceResponseException>(() => source.ListAsync(CancellationToken.None).ToListAsync());

        Assert.Equal("unavailable", error.Reason);
        Assert.Contains("502", error.Message);
        Assert.Equal(3, jira.Requests.Count);
    }

    [Fact]
    public async Task An_issue_the_site_cannot_serve_fails_that_issue_with_a_source_side_reason_instead_of_throwing()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        var source = TestSources.Jira(jira, o => o with { Retries = 1 });
        var reference = (await source.ListAsync(CancellationToken.None).ToListAsync()).Single(r => r.ExternalId == "FIX-2");
        jira.FailWhere(r => r.Method == "GET" && r.Path.EndsWith("/issue/FIX-2", StringComparison.Ordinal), InjectedFault.ServerError(503));

        var result = await source.LoadAsync(reference, CancellationToken.None);

        Assert.Null(result.Document);
        Assert.Equal("unavailable", result.FailureReason);
        Assert.True(Pipeline.Core.Runs.DocumentFailure.MayPassOnItsOwn(result.FailureReason!));
    }

    [Fact]
    public async Task A_retry_after_beyond_the_limit_fails_at_once_as_throttled()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.ThrottleNext(1, retryAfter: "3600");
        var source = TestSources.Jira(jira);

        var error = await Assert.ThrowsAsync<SourceResponseException>(() => source.ListAsync(CancellationToken.None).ToListAsync());

        Assert.Equal("throttled", error.Reason);
        Assert.Contains("asked to wait 3600 s", error.Message);
        Assert.Single(jira.Requests);
    }

    [Fact]
    public async Task Rejected_credentials_fail_fast_without_retries_and_the_message_names_the_variables_but_no_secret()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(1);
        jira.RequireApiToken("bot@example.com", "the-right-token");
        var environment = new Dictionary<string, string> { ["JIRA_EMAIL"] = "bot@example.com", ["JIRA_API_TOKEN"] = "s3cr3t-but-wrong" };
        var credentials = AtlassianCredentials.FromEnvironment("JIRA_EMAIL", "JIRA_API_TOKEN", null, environment.GetValueOrDefault);
        var source = TestSources.Jira(jira, credentials: credentials);

        var error = await Assert.ThrowsAsync<SourceAuthenticationException>(() => source.ListAsync(CancellationToken.None).ToListAsync());

        Assert.Single(jira.Requests);
        Assert.Equal($"Jira at {jira.BaseUrl.GetLeftPart(UriPartial.Authority)} rejected the credentials (401): check JIRA_EMAIL/JIRA_API_TOKEN", error.Message);
        var pair = Convert.ToBase64String(Encoding.UTF8.GetBytes("bot@example.com:s3cr3t-but-wrong"));
        foreach (var text in new[] { error.ToString(), credentials.ToString() })
        {
            Assert.DoesNotContain("s3cr3t", text);
            Assert.DoesNotContain(pair, text);
        }
        Assert.Equal(new SourceRequestCounts(1, 0, 0), source.Requests);
    }

    [Fact]
    public async Task An_html_page_instead_of_json_gives_a_clear_error_naming_the_url_and_content_type()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.FailNext(1, InjectedFault.HtmlPage());
        var source = TestSources.Jira(jira);

        var error = await Assert.ThrowsAsync<SourceResponseException>(() => source.ListAsync(CancellationToken.None).ToListAsync());

        Assert.Equal("not-json", error.Reason);
        Assert.Contains(new Uri(jira.BaseUrl, "rest/api/3/search/jql").ToString(), error.Message);
        Assert.Contains("text/html", error.Message);
        Assert.Single(jira.Requests);
    }

    [Fact]
    public async Task A_listing_that_is_not_found_fails_instead_of_looking_empty()
    {
        await using var jira = await FakeJira.StartAsync();
        // A wrong context path: every API call answers 404, which must not read as "no issues" (and delete them all).
        var source = new Pipeline.Connectors.Jira.JiraSource("jira:test",
            TestSources.JiraOptions(jira) with { SiteUrl = jira.BaseUrl + "wrong-context" }, AtlassianCredentials.Anonymous);

        var error = await Assert.ThrowsAsync<SourceResponseException>(() => source.ListAsync(CancellationToken.None).ToListAsync());

        Assert.Equal("status", error.Reason);
        Assert.Contains("404", error.Message);
    }
}
