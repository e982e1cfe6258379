using Pipeline.Host.Jobs;
using Pipeline.Host.Monitoring;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Monitoring;

/// <summary>The freshness, drift and canary fields of a job file: defaults and what the schema refuses.</summary>
public sealed class MonitoringSettingsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0 2 * * *", 26)]
    [InlineData("*/15 * * * *", 2.25)]
    [InlineData("0 3 * * 1", 170)]
    [InlineData("0 6,18 * * 1-5", 62)]
    public void The_default_sla_is_the_longest_gap_of_the_schedule_plus_two_hours(string cron, double hours)
    {
        Assert.Equal(hours, new FreshnessSettings().SlaHoursFor(cron, Now));
    }

    [Fact]
    public void An_explicit_sla_wins_over_the_schedule()
    {
        Assert.Equal(50, new FreshnessSettings { SlaHours = 50 }.SlaHoursFor("0 2 * * *", Now));
    }

    [Fact]
    public void The_shipped_sample_job_declares_canaries_that_name_existing_sample_files()
    {
        var job = JobCatalog.LoadFile(Path.Combine(MonitoredJob.SamplesFolder, "..", "..", "jobs", "sample-docs.json"));
        var files = Directory.EnumerateFiles(MonitoredJob.SamplesFolder, "*.pdf", SearchOption.AllDirectories).Select(Path.GetFileName).ToHashSet();

        Assert.NotEmpty(job.Canaries);
        Assert.All(job.Canaries, c => Assert.Contains(c.Expect, files));
        Assert.Equal(26, job.Freshness.SlaHours);
    }

    [Theory]
    [InlineData("""{ "canaries": [{ "query": "q" }] }""", "canaries.0", "required")]
    [InlineData("""{ "canaries": [{ "query": "q", "expect": "a.pdf", "k": 0 }] }""", "canaries.0.k", "minimum")]
    [InlineData("""{ "drift": { "maxOcrShare": 1.5 } }""", "drift.maxOcrShare", "maximum")]
    [InlineData("""{ "drift": { "maxCentroidShfit": 0.3 } }""", "drift.maxCentroidShfit", "additionalProperties")]
    [InlineData("""{ "freshness": { "slaHours": 0 } }""", "freshness.slaHours", "exclusiveMinimum")]
    public void A_bad_monitoring_field_is_rejected_naming_the_field_and_the_rule(string fields, string field, string rule)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("broken.json"), """{ "name": "a", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "x" }, """ + fields.TrimStart('{'));

        var error = Assert.Throws<JobDefinitionException>(() => JobCatalog.Load(folder.Path));

        Assert.Contains($"'{field}'", error.Message);
        Assert.Contains($"'{rule}'", error.Message);
    }
}
