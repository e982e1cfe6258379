using System.Text.Json;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Cli;

public sealed class ConfirmDeletionsCommandTests
{
    [Fact]
    public async Task A_blocked_sync_exits_with_the_counts_and_ingest_confirm_deletions_then_deletes_what_the_source_lost()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(12);
        using var jobs = new TempFolder();
        File.WriteAllText(jobs.File("jira.json"), $$"""
            { "name": "jira-lost", "schedule": "0 3 * * *",
              "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"] } }
            """);
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("confirm_deletions"),
            ["PIPELINE_JOBS_DIR"] = jobs.Path,
        };
        var first = await CliProcess.RunAsync(environment, "ingest", "--job", "jira-lost", "--json");
        Assert.True(first.ExitCode == 0, first.Stderr);
        foreach (var issue in jira.Issues.ToList())
        {
            jira.Delete(issue.Key);
        }

        var blocked = await CliProcess.RunAsync(environment, "ingest", "--job", "jira-lost", "--full");
        var misused = await CliProcess.RunAsync(environment, "ingest", "--pdf", jobs.Path, "--confirm-deletions");
        var confirmed = await CliProcess.RunAsync(environment, "ingest", "--job", "jira-lost", "--confirm-deletions", "--json");

        Assert.Equal(2, blocked.ExitCode);
        Assert.Contains("would delete 12 of 12 documents, more than the limit of 20%", blocked.Stderr);
        Assert.NotEqual(0, misused.ExitCode);
        Assert.Contains("--confirm-deletions needs --job", misused.Stderr + misused.Stdout);
        Assert.True(confirmed.ExitCode == 0, confirmed.Stderr);
        using var summary = JsonDocument.Parse(confirmed.Stdout);
        Assert.Equal("full", summary.RootElement.GetProperty("mode").GetString());
        Assert.Equal(12, summary.RootElement.GetProperty("documents").GetProperty("deleted").GetInt32());
    }
}
