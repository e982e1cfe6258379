using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Monitoring;

/// <summary>
/// Canaries ask as someone (<c>as</c>, <c>principals</c>) or as nobody, through the same access filter every search
/// holds: on a folder readable by one group, only the canary holding that group finds its document.
/// </summary>
public sealed class CanaryAccessTests
{
    private const string Question = "what to check first when the database is unreachable";

    [Fact]
    public async Task A_canary_finds_a_restricted_document_only_when_it_asks_holding_the_group_that_may_read_it()
    {
        var canaries = new object[]
        {
            new { query = Question, expect = "incident-response.pdf", k = 2, principals = new[] { "group:ops" } },
            new { query = Question, expect = "incident-response.pdf", k = 2 },
            new { query = Question, expect = "incident-response.pdf", k = 2, @as = "stranger@example.com" },
            new { query = Question, expect = "incident-response.pdf", k = 2, principals = new[] { "group:finance" } },
        };
        await using var job = await MonitoredJob.CreateAsync("canary_access", ["operations/jobs-and-retries.pdf", "operations/incident-response.pdf"],
            new() { ["canaries"] = canaries }, access: ["group:ops"]);

        await job.SyncAsync();
        var health = await job.HealthAsync();
        var query = await CliProcess.RunAsync(job.CliEnvironment, "query", Question, "--json");

        var results = health.Canaries!.Results;
        Assert.Equal(4, results.Count);
        Assert.InRange(results[0].Rank!.Value, 1, 2);
        Assert.All(results.Skip(1), r => Assert.Null(r.Rank));
        Assert.All(results.Skip(1), r => Assert.Null(r.TopDocument));
        Assert.Equal(0.25, health.Canaries.Recall);
        // Results keep the job file's order and say who asked, with an address shortened.
        Assert.Equal(["principals group:ops", "anonymous", "as s…@example.com", "principals group:finance"], results.Select(r => r.Caller));
        var text = await CliProcess.RunAsync(job.CliEnvironment, "health");
        Assert.Contains($"\"{Question}\" [as s…@example.com] → incident-response.pdf (k=2): MISSED (top: nothing)", text.Stdout);
        // The anonymous canary agrees with an anonymous query: nothing of this folder is served.
        Assert.True(query.ExitCode == 0, query.Stderr);
        Assert.Equal("[]", query.Stdout.Trim());
    }
}
