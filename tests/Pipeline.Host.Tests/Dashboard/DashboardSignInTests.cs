using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Pipeline.Host.Tests.Dashboard;

/// <summary>The sign-in timings run alone in this assembly, so its other tests do not land in one series only.</summary>
[CollectionDefinition(nameof(DashboardSignInTests), DisableParallelization = true)]
public sealed class DashboardSignInTimingCollection;

/// <summary>
/// Sign-in over real HTTP with local trust off: a wrong user name must cost what a wrong password costs, failures
/// are rate-limited per client, and what an attacker types as a user name cannot forge log lines.
/// </summary>
[Collection(nameof(DashboardSignInTests))]
public sealed class DashboardSignInTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _jobs = new();

    private const string Password = "the right password";
    private const string Page = "/hangfire/pipeline/sources";

    // Well above the decoy's old cost (the 10,000-iteration minimum), so a cheap decoy shows in the timings.
    private const int Iterations = 100_000;

    [Fact]
    public async Task An_unknown_user_name_takes_as_long_as_a_wrong_password()
    {
        await using var service = await StartAsync("dashsigntime", "--PIPELINE_DASHBOARD_MAX_FAILED_SIGNINS=1000");
        await TimeSignInAsync(service, "nobody", Password); // warm-up
        // Other test assemblies share the 2 cores, so one series can land in a busy second. Pairs are taken back to
        // back in alternating order and compared by the median of their ratios, and a round spoiled by load is taken
        // again: the old decoy (10,000 iterations against 100,000) was 10x cheaper in every round.
        var rounds = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            var ratios = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                double unknown, wrong;
                if (i % 2 == 0)
                {
                    unknown = await TimeSignInAsync(service, "nobody", Password);
                    wrong = await TimeSignInAsync(service, "alice", "a wrong password");
                }
                else
                {
                    wrong = await TimeSignInAsync(service, "alice", "a wrong password");
                    unknown = await TimeSignInAsync(service, "nobody", Password);
                }
                ratios.Add(unknown / wrong);
            }
            var ratio = Median(ratios);
            rounds.Add($"{ratio:F2}");
            output.WriteLine($"round {round + 1}: median of unknown-user / wrong-password time over 20 pairs {ratio:F3}");
            if (ratio is >= 0.75 and <= 1 / 0.75)
            {
                return;
            }
        }
        Assert.Fail($"unknown user vs wrong password took a ratio of {string.Join(", ", rounds)} (median per round): more than 25% apart in every round");
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
    public async Task A_sign_in_that_finds_no_free_verification_slot_within_5_s_gets_503()
    {
        await using var service = await StartAsync("dashsignslots", "--PIPELINE_DASHBOARD_MAX_CONCURRENT_SIGNINS=1");
        // The test takes the only slot itself, as a long verification would.
        var slots = service.App.Services.GetRequiredService<SignInSlots>();
        Assert.True(await slots.EnterAsync(TimeSpan.Zero, CancellationToken.None));
        using var client = service.Client("alice", "a wrong password");

        using var busy = await client.GetAsync(Page);
        slots.Leave();
        using var free = await client.GetAsync(Page);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.NotNull(busy.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Unauthorized, free.StatusCode);
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

    public void Dispose() => _jobs.Dispose();

    private Task<DashboardService> StartAsync(string database, params string[] configuration) =>
        StartAsync(database, Iterations, configuration);

    private async Task<DashboardService> StartAsync(string database, int iterations, params string[] configuration)
    {
        var jobs = _jobs.Path;
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
