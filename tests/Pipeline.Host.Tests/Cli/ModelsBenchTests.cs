using System.Text.Json;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Cli;

/// <summary><c>bench --models</c> measures every registered model in one process: throughput, eval figures and int8 cosine.</summary>
public sealed class ModelsBenchTests
{
    [Fact]
    public async Task Bench_models_reports_the_four_models_with_eval_figures_and_int8_cosine_to_fp32()
    {
        using var folder = new TempFolder();
        foreach (var name in new[] { "architecture.pdf", "getting-started.pdf" })
        {
            File.Copy(Path.Combine(FindSamples(), name), folder.File(name));
        }
        using var data = new TempFolder();
        File.WriteAllLines(data.File("questions.jsonl"),
        [
            """{"id": "arch-1", "file": "architecture.pdf", "page": 1, "question": "What is the version of a document?", "answer": "A document's version is the SHA-256 of its bytes"}""",
            """{"id": "start-1", "file": "getting-started.pdf", "page": 1, "question": "Which Linux distribution is the set-up written for?", "answer": "its set-up is written for Debian bookworm"}""",
        ]);
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("bench_models"),
            ["PIPELINE_DATA_DIR"] = data.Path,
        };

        var result = await CliProcess.RunAsync(environment,
            "bench", "--models", "--folder", folder.Path, "--questions", data.File("questions.jsonl"), "--raw-batches", "1", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var report = JsonDocument.Parse(result.Stdout);
        var models = report.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["all-MiniLM-L6-v2", "arctic-embed-xs", "all-MiniLM-L6-v2-int8", "arctic-embed-xs-int8"], models.Select(m => m.GetProperty("model").GetString()));
        foreach (var model in models)
        {
            Assert.Equal(2, model.GetProperty("documents").GetInt32());
            Assert.True(model.GetProperty("chunks").GetInt64() > 0, model.ToString());
            Assert.True(model.GetProperty("raw_tokens_per_second").GetDouble() > 0, model.ToString());
            Assert.True(model.GetProperty("end_to_end_tokens_per_second").GetDouble() > 0, model.ToString());
            var eval = model.GetProperty("eval");
            Assert.Equal(2, eval.GetProperty("n").GetInt32());
            Assert.Equal(1.0, eval.GetProperty("answerable").GetDouble());
            Assert.True(eval.GetProperty("mrr@10").GetDouble() > 0, model.ToString());
        }
        foreach (var int8 in models.Where(m => m.GetProperty("model").GetString()!.EndsWith("-int8", StringComparison.Ordinal)))
        {
            Assert.Equal(int8.GetProperty("chunks").GetInt64(), int8.GetProperty("cosine_chunks").GetInt32());
            Assert.True(int8.GetProperty("cosine_to_fp32_mean").GetDouble() >= 0.99, int8.ToString());
            Assert.Equal(JsonValueKind.True, int8.GetProperty("mrr_within_0_01_of_fp32").ValueKind);
        }
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
