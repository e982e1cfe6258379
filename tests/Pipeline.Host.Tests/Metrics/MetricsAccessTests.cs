using System.Net;
using Microsoft.Extensions.Configuration;
using Pipeline.Host.Metrics;

namespace Pipeline.Host.Tests.Metrics;

/// <summary>/metrics over real HTTP: local clients read freely, remote ones (behind a local proxy) need the token.</summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsAccessTests
{
    private const string Token = "s3cret-metrics-token-0123456789";

    [Fact]
    public async Task Remote_scrapers_need_the_bearer_token_and_local_ones_do_not()
    {
        await using var service = await MetricsService.StartAsync("metrics_token", configuration: $"--PIPELINE_METRICS_TOKEN={Token}");

        using var local = await service.ScrapeAsync();
        using var remote = await service.ScrapeAsync(forwardedFor: "203.0.113.7");
        using var wrong = await service.ScrapeAsync(forwardedFor: "203.0.113.7", bearer: Token + "x");
        using var right = await service.ScrapeAsync(forwardedFor: "203.0.113.7", bearer: Token);
        using var otherSpelling = await service.ScrapeAsync(forwardedFor: "203.0.113.7", path: "/METRICS/");

        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, remote.StatusCode);
        Assert.Equal("Bearer", remote.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherSpelling.StatusCode);
        var parsed = PrometheusText.Parse(await right.Content.ReadAsStringAsync());
        Assert.Equal("gauge", parsed.Families["pipeline_hangfire_queue_depth"].Type);
    }

    [Fact]
    public async Task Without_a_token_remote_scrapers_are_forbidden()
    {
        await using var service = await MetricsService.StartAsync("metrics_local");

        using var remote = await service.ScrapeAsync(forwardedFor: "203.0.113.7", bearer: Token);
        using var local = await service.ScrapeAsync();

        Assert.Equal(HttpStatusCode.Forbidden, remote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    [Fact]
    public async Task A_loopback_scrape_naming_another_host_is_remote()
    {
        await using var service = await MetricsService.StartAsync("metrics_rebind");
        // A page on attacker.example that rebinds its name to 127.0.0.1 sends its own name as Host.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Host = $"attacker.example:{service.Http.BaseAddress!.Port}";

        using var rebound = await service.Http.SendAsync(request);
        using var local = await service.ScrapeAsync();

        Assert.Equal(HttpStatusCode.Forbidden, rebound.StatusCode);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    [Fact]
    public async Task Disabled_metrics_are_not_served()
    {
        await using var service = await MetricsService.StartAsync("metrics_off", configuration: "--PIPELINE_METRICS_ENABLED=false");

        using var metrics = await service.ScrapeAsync();
        using var health = await service.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("short-token")]
    [InlineData("a token with spaces in it, long enough")]
    public void A_weak_token_stops_the_start_without_revealing_it(string token)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["PIPELINE_METRICS_TOKEN"] = token })
            .Build();

        var error = Assert.Throws<ArgumentException>(() => MetricsOptions.FromConfiguration(configuration));

        Assert.Contains("PIPELINE_METRICS_TOKEN", error.Message);
        Assert.DoesNotContain(token, error.Message);
    }

    [Theory]
    [InlineData(true, null, MetricsAccessDecision.Allowed)]
    [InlineData(false, null, MetricsAccessDecision.Unauthorized)]
    [InlineData(false, "Basic " + Token, MetricsAccessDecision.Unauthorized)]
    [InlineData(false, "Bearer " + Token, MetricsAccessDecision.Allowed)]
    [InlineData(false, "bearer " + Token, MetricsAccessDecision.Allowed)]
    [InlineData(false, "Bearer " + "s3cret-metrics-token-012345678", MetricsAccessDecision.Unauthorized)]
    public void Access_is_decided_by_locality_and_token(bool local, string? authorization, MetricsAccessDecision expected)
    {
        var access = new MetricsAccess(new MetricsOptions { Token = Token });

        Assert.Equal(expected, access.Decide(local, authorization));
    }
}
