using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Pipeline.Host.Tests.Dashboard;

/// <summary>
/// Sign-in over real HTTP with local trust off: a wrong user name must cost what a wrong password costs, failures
/// are rate-limited per client, and what an attacker types as a user name cannot forge log lines.
/// </summary>
public sealed class DashboardSignInTests(ITestOutputHelper output)
{
    private const string Password = "the right password";
    private const string Page = "/hangfire/pipeline/sources";

    // Well above the decoy's old cost (the 10,000-iteration minimum), so a cheap decoy shows in the timings.
    private const int Iterations = 100_000;

    [Fact]
    public async Task An_unknown_user_name_takes_as_long_as_a_wrong_password()
    {
        await using var service = await StartAsync("dashsigntime", "--PIPELINE_DASHBOARD_MAX_FAILED_SIGNINS=1000");
        var (unknown, wrong) = (new List<double>(), new List<double>());
        // Alternating, so load from elsewhere on the machine falls on both series alike; the first pair warms up.
        for (var i = 0; i < 16; i++)
        {
            var u = await TimeSignInAsync(service, "nobody", Password);
            var w = await TimeSignInAsync(service, "alice", "a wrong password");
            if (i > 0)
            {
                unknown.Add(u);
                wrong.Add(w);
            }
        }
        var (unknownMedian, wrongMedian) = (Median(unknown), Median(wrong));
        output.WriteLine($"median unknown user {unknownMedian:F1} ms, wrong password {wrongMedian:F1} ms");

        Assert.True(Math.Abs(unknownMedian - wrongMedian) <= 0.25 * Math.Max(unknownMedian, wrongMedian),
            $"unknown user {unknownMedian:F1} ms vs wrong password {wrongMedian:F1} ms differ by more than 25%");
    }

    [Fact]
    public async Task After_too_many_failures_a_client_gets_429_with_retry_after_even_with_the_right_password()
    {
        await using var service = await StartAsync("dashsignrate", "--PIPELINE_DASHBOARD_MAX_FAILED_SIGNINS=3");
        using var anonymous = service.Client();
        // A browser's first request carries no credentials; that is not a failed sign-in.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Page)).StatusCode);
        }
        var statuses = new List<HttpStatusCode>();
        foreach (var (user, password) in new[] { ("alice", "wrong 1"), ("nobody", "x"), ("alice", "wrong 2"), ("alice", "wrong 3") })
        {
            using var client = service.Client(user, password);
            statuses.Add((await client.GetAsync(Page)).StatusCode);
        }
        using var right = service.Client("alice", Password);
        using var limited = await right.GetAsync(Page);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter > TimeSpan.Zero && retryAfter <= TimeSpan.FromMinutes(1), $"Retry-After: {limited.Headers.RetryAfter}");
    }

    [Fact]
    public async Task Verifications_beyond_the_cap_wait_and_then_get_503()
    {
        // One slot and a hash that takes seconds: of four simultaneous sign-ins the last waits longer than the 5 s
        // a sign-in may wait for a slot.
        await using var service = await StartAsync("dashsignslots", 3_000_000, "--PIPELINE_DASHBOARD_MAX_CONCURRENT_SIGNINS=1",
            "--PIPELINE_DASHBOARD_MAX_FAILED_SIGNINS=100");
        var clients = Enumerable.Range(0, 4).Select(i => service.Client("alice", $"wrong {i}")).ToList();

        var responses = await Task.WhenAll(clients.Select(c => c.GetAsync(Page)));

        var statuses = responses.Select(r => r.StatusCode).Order().ToList();
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable), r => Assert.NotNull(r.Headers.RetryAfter));
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task A_rejected_user_name_is_logged_with_line_breaks_and_control_characters_escaped()
    {
        await using var service = await StartAsync("dashsignlog");
        var capture = new LogCapture();
        service.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(capture);
        using var client = service.Client("eve\r\n2026-12-04 WARN forged entry\u001b[31m", "x");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(Page)).StatusCode);

        var logged = Assert.Single(capture.Messages, m => m.Contains("sign-in rejected", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain('\r', logged);
        Assert.DoesNotContain('\n', logged);
        Assert.DoesNotContain('\u001b', logged);
        Assert.Contains(@"eve\r\n2026-12-04 WARN forged entry\u001B[31m", logged);
    }

    private static Task<DashboardService> StartAsync(string database, params string[] configuration) =>
        StartAsync(database, Iterations, configuration);

    private static async Task<DashboardService> StartAsync(string database, int iterations, params string[] configuration)
    {
        var jobs = Directory.CreateTempSubdirectory("pipeline-test-").FullName;
        var users = $"alice:operator:{DashboardPasswordHash.Create(Password, iterations)}";
        return await DashboardService.StartAsync(await TestCluster.CreateDatabaseAsync(database), jobs,
            [$"--{DashboardAccessOptions.TrustLocalKey}=false", $"--{DashboardAccessOptions.UsersKey}={users}", .. configuration]);
    }

    private static async Task<double> TimeSignInAsync(DashboardService service, string user, string password)
    {
        using var client = service.Client(user, password);
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(Page);
        watch.Stop();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
