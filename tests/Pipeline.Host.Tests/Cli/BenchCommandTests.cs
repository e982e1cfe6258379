using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Host.Bench;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Cli;

/// <summary><c>bench --generate</c>: a generated folder ingested through the real CLI, with its memory figures.</summary>
public sealed partial class BenchCommandTests
{
    [GeneratedRegex(@"^  RSS at +(?<percent>\d+)% \( *(?<documents>\d+) documents\): +(?<rss>\d+\.\d) MB; managed heap +(?<heap>\d+\.\d) MB$", RegexOptions.Multiline)]
    private static partial Regex Checkpoint();

    [GeneratedRegex(@"^  peak RSS \(VmHWM\): (?<peak>\d+\.\d) MB", RegexOptions.Multiline)]
    private static partial Regex Peak();

    [GeneratedRegex(@"^  wall time: (?<seconds>\d+\.\d\d)s; (?<rate>\d+\.\d\d) documents/s$", RegexOptions.Multiline)]
    private static partial Regex WallTime();

    [GeneratedRegex(@"^  ingest: 20 documents \(0 failed\), (?<pages>\d+) pages \(\d+ OCR'd\) -> (?<chunks>\d+) chunks$", RegexOptions.Multiline)]
    private static partial Regex Ingested();

    [Fact]
    public async Task Bench_generate_ingests_the_generated_pdfs_and_prints_wall_time_and_rss_at_every_tenth()
    {
        var environment = new Dictionary<string, string> { ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("benchgen") };

        var result = await CliProcess.RunAsync(environment, "bench", "--generate", "20", "--seed", "7");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var ingested = Ingested().Match(result.Stdout);
        Assert.True(ingested.Success, result.Stdout);
        Assert.InRange(int.Parse(ingested.Groups["pages"].Value, CultureInfo.InvariantCulture), 20, 120);
        Assert.True(int.Parse(ingested.Groups["chunks"].Value, CultureInfo.InvariantCulture) >= 20, "every generated file has text for at least one chunk");
        Assert.Matches(WallTime(), result.Stdout);
        var peak = double.Parse(Peak().Match(result.Stdout).Groups["peak"].Value, CultureInfo.InvariantCulture);
        var checkpoints = Checkpoint().Matches(result.Stdout).Select(m => (
            Percent: int.Parse(m.Groups["percent"].Value, CultureInfo.InvariantCulture),
            Documents: int.Parse(m.Groups["documents"].Value, CultureInfo.InvariantCulture),
            Rss: double.Parse(m.Groups["rss"].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (i * 10, i * 2)), checkpoints.Select(c => (c.Percent, c.Documents)));
        Assert.All(checkpoints, c => Assert.InRange(c.Rss, 50, peak));
    }

    [Fact]
    public void The_generator_writes_the_same_pdf_for_the_same_seed_and_varied_pdfs_otherwise()
    {
        var first = GeneratedPdfCorpus.Build(3, seed: 11);
        var again = GeneratedPdfCorpus.Build(3, seed: 11);
        var files = Enumerable.Range(1, 30).Select(n => GeneratedPdfCorpus.Build(n, seed: 11)).ToList();

        Assert.Equal(first.Pdf, again.Pdf);
        Assert.NotEqual(first.Pdf, GeneratedPdfCorpus.Build(3, seed: 12).Pdf);
        Assert.All(files, f => Assert.InRange(f.Pages, 1, 6));
        Assert.True(files.Select(f => f.Pages).Distinct().Count() >= 4, "page counts vary across files");
        Assert.Equal(files.Count, files.Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(f.Pdf))).Distinct().Count());
    }
}

/// <summary><c>bench --per-file</c>: each file's reading-order agreement with pdftotext beside its ingest figures.</summary>
public sealed class BenchPerFileTests
{
    [Fact]
    public async Task Per_file_figures_carry_the_reading_order_agreement_of_each_file()
    {
        var folder = Directory.CreateTempSubdirectory("bench-per-file-");
        try
        {
            // A two-column report (read column by column: agreement near 1) and a scan (no text layer: none).
            File.Copy(Corpus.Pdf("two-column-narrow-gutter-report-2p.pdf"), Path.Combine(folder.FullName, "report.pdf"));
            File.Copy(Corpus.Pdf("scan-table-image-only.pdf"), Path.Combine(folder.FullName, "scan.pdf"));
            var environment = new Dictionary<string, string> { ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("benchperfile") };

            var result = await CliProcess.RunAsync(environment, "bench", "--folder", folder.FullName, "--per-file", "--json", "--raw-batches", "1");

            Assert.True(result.ExitCode == 0, result.Stderr);
            using var report = System.Text.Json.JsonDocument.Parse(result.Stdout);
            var files = report.RootElement.GetProperty("files").EnumerateArray()
                .ToDictionary(f => f.GetProperty("file").GetString()!, f => f.GetProperty("reading_order_agreement"));
            Assert.InRange(files["report.pdf"].GetDouble(), 0.95, 1.0);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, files["scan.pdf"].ValueKind);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
