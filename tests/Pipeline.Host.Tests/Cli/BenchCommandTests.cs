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
    public async Task Bench_generate_write_to_only_writes_the_generated_folder_and_refuses_a_folder_with_files()
    {
        using var target = new TempFolder();
        var folder = Path.Combine(target.Path, "generated");

        var result = await CliProcess.RunAsync(new Dictionary<string, string>(), "bench", "--generate", "3", "--seed", "5", "--write-to", folder);
        var again = await CliProcess.RunAsync(new Dictionary<string, string>(), "bench", "--generate", "3", "--write-to", folder);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("wrote 3 PDFs", result.Stdout);
        Assert.Equal(
            Enumerable.Range(1, 3).Select(n => GeneratedPdfCorpus.Build(n, seed: 5).Pdf),
            Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes));
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("is not empty", again.Stderr);
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

            // Where the time went: every stage's busy and idle seconds add up to the run, the model's calls apart.
            var root = report.RootElement;
            var seconds = root.GetProperty("seconds").GetDouble();
            var stages = root.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
            Assert.Superset(new HashSet<string> { "extract", "chunk", "reuse-vectors", "embed", "store", "model (onnx)" }, stages.Keys.ToHashSet());
            foreach (var stage in stages.Values)
            {
                Assert.Equal(seconds, stage.GetProperty("busy_seconds").GetDouble() + stage.GetProperty("idle_seconds").GetDouble(), 0.05);
            }
            Assert.True(stages["extract"].GetProperty("busy_seconds").GetDouble() > 0);
            Assert.True(stages["model (onnx)"].GetProperty("busy_seconds").GetDouble() > 0);
            // The embed stage waits for the model, so it is busy at least as long as the model's calls.
            Assert.True(stages["embed"].GetProperty("busy_seconds").GetDouble() >= stages["model (onnx)"].GetProperty("busy_seconds").GetDouble() - 0.02);
            Assert.Equal(seconds / root.GetProperty("stage_seconds_sum").GetDouble(), root.GetProperty("overlap_ratio").GetDouble(), 0.01);
            Assert.True(root.GetProperty("peak_rss_bytes").GetInt64() > 100L * 1024 * 1024);
            // Where the CPU went: this process, tesseract for the scan, and no database figure for an external one.
            var cpu = root.GetProperty("cpu");
            Assert.True(cpu.GetProperty("process_seconds").GetDouble() > 0);
            Assert.True(cpu.GetProperty("ocr_seconds").GetDouble() > 0, "the scan was OCR'd by child processes");
            Assert.Equal(System.Text.Json.JsonValueKind.Null, cpu.GetProperty("database_seconds").ValueKind);
            Assert.Equal(
                (cpu.GetProperty("process_seconds").GetDouble() + cpu.GetProperty("ocr_seconds").GetDouble()) / seconds,
                cpu.GetProperty("cores_busy").GetDouble(), 0.05);
            // The model floor is the embedding stage's time scaled by how close it came to the raw rate.
            Assert.Equal(
                root.GetProperty("embedding_seconds").GetDouble() * root.GetProperty("embedding_to_same_batches_ratio").GetDouble(),
                cpu.GetProperty("model_floor_seconds").GetDouble(), 0.05);
            Assert.Equal(cpu.GetProperty("model_floor_seconds").GetDouble() / seconds, cpu.GetProperty("model_floor_share").GetDouble(), 0.01);
            // The run's own batches replayed raw: a ceiling the embedding stage cannot pass by much.
            Assert.True(root.GetProperty("same_batches_raw_tokens_per_second").GetDouble() > 0);
            Assert.InRange(root.GetProperty("embedding_to_same_batches_ratio").GetDouble(), 0.05, 1.5);

            var wasted = root.GetProperty("tokens_wasted");
            Assert.True(wasted.GetProperty("model_batches").GetInt64() >= 1);
            Assert.InRange(wasted.GetProperty("padding_share").GetDouble(), 0, 0.05);
            // The default prefix is the document title and heading path: some of what the model read is prefix.
            Assert.True(wasted.GetProperty("prefix_tokens").GetInt64() > 0);
            Assert.True(wasted.GetProperty("prefix_tokens").GetInt64() + wasted.GetProperty("overlap_tokens").GetInt64() < root.GetProperty("tokens").GetInt64());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
