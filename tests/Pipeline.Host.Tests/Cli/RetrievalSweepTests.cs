using System.Text.Json;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Cli;

/// <summary><c>bench --retrieval</c>: one fresh index per chunking variant, scored dense, lexical and hybrid.</summary>
public sealed class RetrievalSweepTests
{
    [Fact]
    public async Task Bench_retrieval_scores_every_variant_in_the_three_modes()
    {
        using var folder = new TempFolder();
        File.Copy(Path.Combine(FindSamples(), "architecture.pdf"), folder.File("architecture.pdf"));
        using var data = new TempFolder();
        File.WriteAllLines(data.File("questions.jsonl"),
        [
            """{"id": "arch-1", "file": "architecture.pdf", "page": 1, "question": "What is the version of a document?", "answer": "A document's version is the SHA-256 of its bytes"}""",
        ]);
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("bench_retrieval"),
            ["PIPELINE_DATA_DIR"] = data.Path,
        };

        var result = await CliProcess.RunAsync(environment, "bench", "--retrieval", "--folder", folder.Path, "--questions", data.File("questions.jsonl"),
            "--model", "all-MiniLM-L6-v2", "--budget", "64", "--budget", "256", "--prefix", "none", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var report = JsonDocument.Parse(result.Stdout);
        var variants = report.RootElement.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal([64, 256], variants.Select(v => v.GetProperty("max_tokens").GetInt32()));
        Assert.All(variants, v => Assert.Equal("none", v.GetProperty("prefix").GetString()));
        // A smaller budget cuts the same document into more chunks.
        Assert.True(variants[0].GetProperty("chunks").GetInt64() > variants[1].GetProperty("chunks").GetInt64(), result.Stdout);
        foreach (var mode in new[] { "dense", "lexical", "hybrid" })
        {
            Assert.All(variants, v => Assert.Equal(1.0, v.GetProperty(mode).GetProperty("answerable").GetDouble()));
        }
    }

    [Fact]
    public async Task Bench_retrieval_without_questions_or_folder_is_refused()
    {
        var result = await CliProcess.RunAsync(new Dictionary<string, string>(), "bench", "--retrieval", "--prefix", "title");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--retrieval needs --questions FILE and --folder DIR", result.Stderr);
        Assert.Contains("--prefix 'title' is not one of none, headings, title-headings", result.Stderr);
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
