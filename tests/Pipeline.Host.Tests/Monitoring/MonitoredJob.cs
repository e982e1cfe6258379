using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Drift;
using Pipeline.Core.Runs;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Monitoring;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage.Monitoring;

namespace Pipeline.Host.Tests.Monitoring;

/// <summary>A pdf-folder job over a temp copy of the shipped samples, run through the real JobIngestion.</summary>
public sealed class MonitoredJob : IAsyncDisposable
{
    public const string Name = "monitored";

    private MonitoredJob(TempFolder folder, PipelineHarness harness)
    {
        Folder = folder;
        Harness = harness;
    }

    public TempFolder Folder { get; }

    public PipelineHarness Harness { get; }

    public static string SamplesFolder { get; } = FindSamples();

    /// <param name="extra">More top-level job fields (freshness, drift, canaries).</param>
    /// <param name="access">The folder's <c>source.access</c> list; null leaves it out (everyone).</param>
    public static async Task<MonitoredJob> CreateAsync(string database, IEnumerable<string> samples, Dictionary<string, object>? extra = null, string[]? access = null)
    {
        var folder = new TempFolder();
        foreach (var sample in samples)
        {
            CopySample(sample, folder);
        }
        var job = new Dictionary<string, object>
        {
            ["name"] = Name,
            ["schedule"] = "0 2 * * *",
            ["source"] = access is null ? new { kind = "pdf-folder", path = folder.Path } : new { kind = "pdf-folder", path = folder.Path, access },
        };
        foreach (var (key, value) in extra ?? [])
        {
            job[key] = value;
        }
        var harness = await PipelineHarness.CreateAsync(database, jobs => File.WriteAllText(jobs.File(Name + ".json"), JsonSerializer.Serialize(job)));
        return new MonitoredJob(folder, harness);
    }

    /// <param name="sample">Path under samples/pdf, e.g. <c>operations/incident-response.pdf</c>.</param>
    public static void CopySample(string sample, TempFolder folder)
    {
        var target = folder.File(sample);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Path.Combine(SamplesFolder, sample), target);
    }

    public Task<RunSummary> SyncAsync() =>
        Harness.Services.GetRequiredService<JobIngestion>().RunAsync(Name, "test", null, CancellationToken.None);

    public Task<JobHealth> HealthAsync() => Harness.Services.GetRequiredService<JobHealthReport>().GetAsync(Name, CancellationToken.None);

    public Task<IReadOnlyList<RunFigure>> FiguresAsync(long runId) =>
        Harness.Services.GetRequiredService<RunFigureStore>().ForRunAsync(runId, CancellationToken.None);

    public Dictionary<string, string> CliEnvironment => new() { ["PIPELINE_DB"] = Harness.ConnectionString, ["PIPELINE_JOBS_DIR"] = Harness.Jobs.Path };

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        Folder.Dispose();
    }

    private static string FindSamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "pdf");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("samples/pdf was not found above " + AppContext.BaseDirectory);
    }
}
