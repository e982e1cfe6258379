using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Monitoring;
using Pipeline.Core.Drift;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Monitoring;

/// <summary>Golden queries after each sync, with the real model and the real CLI health command.</summary>
public sealed class CanaryTests
{
    [Fact]
    public async Task A_canary_finds_its_document_until_the_document_is_removed_and_health_then_exits_1()
    {
        var canaries = new[]
        {
            new { query = "what to check first when the database is unreachable", expect = "incident-response.pdf", k = 2 },
            new { query = "how a failed sync is retried", expect = "operations/jobs-and-retries.pdf", k = 2 },
        };
        await using var job = await MonitoredJob.CreateAsync("canary",
            ["getting-started.pdf", "architecture.pdf", "operations/jobs-and-retries.pdf", "operations/incident-response.pdf"],
            new() { ["canaries"] = canaries });

        await job.SyncAsync();
        var passing = await job.HealthAsync();
        var healthy = await CliProcess.RunAsync(job.CliEnvironment, "health", "--json");
        File.Delete(job.Folder.File("operations/incident-response.pdf"));
        var second = await job.SyncAsync();
        var failing = await job.HealthAsync();
        var unhealthy = await CliProcess.RunAsync(job.CliEnvironment, "health");

        Assert.Equal(1, passing.Canaries!.Recall);
        Assert.All(passing.Canaries.Results, r => Assert.InRange(r.Rank!.Value, 1, 2));
        Assert.True(healthy.ExitCode == 0, healthy.Stdout + healthy.Stderr);
        using (var json = JsonDocument.Parse(healthy.Stdout))
        {
            var reported = json.RootElement.GetProperty("jobs")[0];
            Assert.True(json.RootElement.GetProperty("healthy").GetBoolean());
            Assert.Equal(1, reported.GetProperty("canaries").GetProperty("recall").GetDouble());
            Assert.False(reported.GetProperty("mixed_model").GetBoolean());
        }

        Assert.Equal(second.RunId, failing.Canaries!.RunId);
        Assert.Equal(0.5, failing.Canaries.Recall);
        var missed = failing.Canaries.Results.Single(r => !r.Hit);
        Assert.Equal("incident-response.pdf", missed.Expect);
        Assert.NotNull(missed.TopDocument);
        var recall = failing.Figures.Single(f => f.Name == RunFigureNames.CanaryRecall);
        Assert.Equal((0.5, 1.0, true), (recall.Value!.Value, recall.Threshold!.Value, recall.Crossed));
        Assert.Equal(1, unhealthy.ExitCode);
        Assert.Contains("MISSED", unhealthy.Stdout);
        Assert.Contains("canary_recall 0.5 crossed its threshold 1: missed \"what to check first when the database is unreachable\"", unhealthy.Stdout);
    }

    [Fact]
    public async Task The_canaries_of_the_shipped_sample_job_pass_on_the_shipped_samples()
    {
        var shipped = JsonNode.Parse(File.ReadAllText(Path.Combine(MonitoredJob.SamplesFolder, "..", "..", "jobs", "sample-docs.json")))!.AsObject();
        shipped["source"]!["path"] = MonitoredJob.SamplesFolder;
        shipped.Remove("$schema");
        await using var harness = await PipelineHarness.CreateAsync("canary_samples", jobs => File.WriteAllText(jobs.File("sample-docs.json"), shipped.ToJsonString()));

        await harness.Services.GetRequiredService<JobIngestion>().RunAsync("sample-docs", "test", null, CancellationToken.None);
        var health = await harness.Services.GetRequiredService<JobHealthReport>().GetAsync("sample-docs", CancellationToken.None);

        Assert.Equal(4, health.Canaries!.Results.Count);
        Assert.All(health.Canaries.Results, r => Assert.True(r.Hit, $"\"{r.Query}\" found {r.TopDocument} first, not {r.Expect} in its top {r.K}"));
        Assert.True(health.Healthy, string.Join("; ", health.Problems));
    }
}
