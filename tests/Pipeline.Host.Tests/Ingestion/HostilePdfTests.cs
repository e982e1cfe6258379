using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pipeline.Extraction.Tests;
using Pipeline.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Pipeline.Host.Tests.Ingestion;

/// <summary>Hostile PDFs next to a normal one, through the real CLI, job file and database.</summary>
public sealed class HostilePdfTests(ITestOutputHelper output)
{
    private const string Job = "hostile-test";
    private const string BaselineJob = "baseline-test";
    private const string Normal = "rotation-page2-rotate90.pdf";
    private const long MiB = 1024 * 1024;
    private const long BombDecodedBytes = 2048 * MiB;

    [Fact]
    public async Task A_decompression_bomb_and_a_huge_pdf_are_quarantined_while_a_normal_pdf_is_indexed_and_memory_stays_bounded()
    {
        using var folder = Corpus.CopyToTemp(Normal);
        using var baselineFolder = Corpus.CopyToTemp(Normal);
        await File.WriteAllBytesAsync(folder.File("bomb.pdf"), HostilePdfWriter.DecompressionBomb(BombDecodedBytes));
        await File.WriteAllBytesAsync(folder.File("huge.pdf"), HostilePdfWriter.ManyPages(20_000));
        await using var harness = await PipelineHarness.CreateAsync("hostile",
            jobs =>
            {
                File.WriteAllText(jobs.File(Job + ".json"), JsonSerializer.Serialize(new
                {
                    name = Job,
                    schedule = "0 2 * * *",
                    source = new { kind = "pdf-folder", path = folder.Path, maxPages = 1000, maxDecodedStreamMegabytes = 64 },
                }));
                File.WriteAllText(jobs.File(BaselineJob + ".json"), JsonSerializer.Serialize(new
                {
                    name = BaselineJob,
                    schedule = "0 2 * * *",
                    source = new { kind = "pdf-folder", path = baselineFolder.Path },
                }));
            });

        // The same CLI on the normal file alone: what loading the model and indexing cost without the hostile files.
        var (baseline, baselinePeak) = await RunCliAsync(harness, BaselineJob);
        var (stdout, peakResident) = await RunCliAsync(harness, Job);
        output.WriteLine($"CLI peak resident set: {baselinePeak / MiB} MiB on the normal file alone, {peakResident / MiB} MiB "
            + $"with a 20,000-page file and a bomb inflating to {BombDecodedBytes / MiB} MiB");

        using var summary = JsonDocument.Parse(stdout);
        var documents = summary.RootElement.GetProperty("documents");
        Assert.Equal((3, 1, 2), (documents.GetProperty("seen").GetInt32(), documents.GetProperty("new").GetInt32(), documents.GetProperty("failed").GetInt32()));
        var failures = summary.RootElement.GetProperty("failures").EnumerateArray()
            .ToDictionary(f => f.GetProperty("document").GetString()!, f => (Reason: f.GetProperty("reason").GetString(), Message: f.GetProperty("message").GetString()!));
        Assert.Equal("decompression-bomb", failures["bomb.pdf"].Reason);
        Assert.Contains("more than 67,108,864 bytes", failures["bomb.pdf"].Message);
        Assert.Equal("too-many-pages", failures["huge.pdf"].Reason);
        Assert.Equal("The PDF has 20,000 pages, over the limit of 1,000 pages.", failures["huge.pdf"].Message);

        var statuses = await StatusesAsync(harness);
        Assert.Equal(("indexed", (string?)null), statuses[Normal]);
        Assert.Equal(("failed", "decompression-bomb"), statuses["bomb.pdf"]);
        Assert.Equal(("failed", "too-many-pages"), statuses["huge.pdf"]);
        Assert.True(await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunks") > 0);
        using (var baselineSummary = JsonDocument.Parse(baseline))
        {
            var baselineDocuments = baselineSummary.RootElement.GetProperty("documents");
            Assert.Equal((1, 0), (baselineDocuments.GetProperty("new").GetInt32(), baselineDocuments.GetProperty("failed").GetInt32()));
        }
        // Inflating the bomb even once would add 2 GiB.
        Assert.InRange(peakResident - baselinePeak, long.MinValue, 300 * MiB);
    }

    private static async Task<(string Stdout, long PeakResidentBytes)> RunCliAsync(PipelineHarness harness, string job)
    {
        var environment = new Dictionary<string, string> { ["PIPELINE_DB"] = harness.ConnectionString, ["PIPELINE_JOBS_DIR"] = harness.Jobs.Path };
        using var cli = CliProcess.Start(environment, "ingest", "--job", job, "--json");
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEndAsync();
        var peak = await PeakResidentBytesAsync(cli, TimeSpan.FromMinutes(5));
        Assert.True(cli.ExitCode == 0, await stderr);
        return (await stdout, peak);
    }

    private static async Task<Dictionary<string, (string Status, string? Reason)>> StatusesAsync(PipelineHarness harness)
    {
        var statuses = new Dictionary<string, (string, string?)>();
        await using var command = harness.DataSource.CreateCommand("SELECT external_id, status, failure_reason FROM pipeline.documents");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            statuses[reader.GetString(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }
        return statuses;
    }

    /// <summary>
    /// Waits for the process to exit, reading its high-water resident set (VmHWM) from /proc as it runs; the
    /// mark only rises, so the last reading before exit is the peak up to a few milliseconds.
    /// </summary>
    private static async Task<long> PeakResidentBytesAsync(Process process, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var peak = 0L;
        while (!process.HasExited)
        {
            try
            {
                var line = (await File.ReadAllLinesAsync($"/proc/{process.Id}/status", deadline.Token))
                    .FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (line is not null)
                {
                    peak = Math.Max(peak, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024);
                }
            }
            catch (IOException)
            {
                // Exited between the check and the read.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
        await process.WaitForExitAsync(deadline.Token);
        return peak;
    }
}
