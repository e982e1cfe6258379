using System.Text.Json;
using Pipeline.Host.Bench;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Cli;

/// <summary><c>bench --generate N --search</c>: the retriever timed per mode on the generated index, through the real CLI.</summary>
public sealed class SearchBenchTests
{
    [Fact]
    public async Task Bench_search_times_every_question_in_every_mode_on_the_generated_index()
    {
        using var folder = new TempFolder();
        var questions = folder.File("questions.jsonl");
        File.WriteAllLines(questions,
        [
            """{"id": "a", "file": "x.pdf", "page": 1, "question": "Which table lists the quarterly figures?", "answer": "the table"}""",
            """{"id": "b", "file": "x.pdf", "page": 1, "question": "What does the section on maintenance say?", "answer": "maintenance"}""",
        ]);
        var environment = new Dictionary<string, string> { ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("benchsearch") };

        var result = await CliProcess.RunAsync(environment, "bench", "--generate", "5", "--search", "--questions", questions, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var report = JsonDocument.Parse(result.Stdout);
        var search = report.RootElement.GetProperty("search");
        Assert.Equal(2, search.GetProperty("questions").GetInt32());
        Assert.Equal(report.RootElement.GetProperty("generated").GetProperty("chunks").GetInt64(), search.GetProperty("chunks").GetInt64());
        var modes = search.GetProperty("modes").EnumerateArray().ToList();
        Assert.Equal(["dense", "lexical", "hybrid"], modes.Select(m => m.GetProperty("mode").GetString()));
        Assert.All(modes, m =>
        {
            Assert.Equal(2 * SearchBench.Rounds, m.GetProperty("searches").GetInt32());
            Assert.InRange(m.GetProperty("p50_ms").GetDouble(), 0.01, m.GetProperty("p95_ms").GetDouble());
            Assert.InRange(m.GetProperty("p95_ms").GetDouble(), m.GetProperty("p50_ms").GetDouble(), m.GetProperty("max_ms").GetDouble());
        });
    }

    [Fact]
    public async Task Bench_search_load_syncs_alone_then_under_concurrent_clients_and_reports_latency_errors_and_the_slowdown()
    {
        using var folder = new TempFolder();
        var questions = folder.File("questions.jsonl");
        File.WriteAllLines(questions,
        [
            """{"id": "a", "file": "x.pdf", "page": 1, "question": "How is a failed sync retried?", "answer": "retried"}""",
            """{"id": "b", "file": "x.pdf", "page": 1, "question": "What to check first when the database is unreachable?", "answer": "database"}""",
        ]);
        var pdfs = Directory.CreateDirectory(folder.File("pdf")).FullName;
        File.Copy(Path.Combine(Monitoring.MonitoredJob.SamplesFolder, "operations", "jobs-and-retries.pdf"), Path.Combine(pdfs, "jobs-and-retries.pdf"));
        var environment = new Dictionary<string, string> { ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("benchload") };

        var result = await CliProcess.RunAsync(environment, "bench", "--search-load", "--folder", pdfs, "--questions", questions, "--clients", "3", "--seconds", "2", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var report = JsonDocument.Parse(result.Stdout);
        var r = report.RootElement;
        Assert.Equal(3, r.GetProperty("clients").GetInt32());
        Assert.Equal(0, r.GetProperty("errors").GetInt32());
        Assert.True(r.GetProperty("requests").GetInt32() > 3, result.Stdout);
        Assert.True(r.GetProperty("load_seconds").GetDouble() >= 2, result.Stdout);
        var (alone, loaded) = (r.GetProperty("sync_alone_seconds").GetDouble(), r.GetProperty("sync_under_load_seconds").GetDouble());
        Assert.True(alone > 0 && loaded > 0, result.Stdout);
        // The slow-down is taken from the unrounded times, the printed times are rounded to 0.01 s: with a sync of a few
        // hundredths of a second that rounding alone moves the quotient, so the check allows for exactly that much.
        Assert.InRange(r.GetProperty("sync_slowdown").GetDouble(), (loaded - 0.005) / (alone + 0.005) - 0.0005, (loaded + 0.005) / Math.Max(alone - 0.005, 1e-6) + 0.0005);
        var (p50, p95, p99, max) = (r.GetProperty("p50_ms").GetDouble(), r.GetProperty("p95_ms").GetDouble(), r.GetProperty("p99_ms").GetDouble(), r.GetProperty("max_ms").GetDouble());
        Assert.True(0 < p50 && p50 <= p95 && p95 <= p99 && p99 <= max, result.Stdout);
    }

    [Fact]
    public async Task Bench_search_without_generate_is_refused()
    {
        var result = await CliProcess.RunAsync(new Dictionary<string, string>(), "bench", "--search");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--search times searches of the index --generate builds", result.Stderr + result.Stdout);
    }

    [Theory]
    [InlineData(0.50, 5)]
    [InlineData(0.95, 10)]
    [InlineData(0.10, 1)]
    [InlineData(1.00, 10)]
    public void Percentiles_are_nearest_rank(double share, double expected)
    {
        var sorted = Enumerable.Range(1, 10).Select(i => (double)i).ToList();

        Assert.Equal(expected, SearchBench.Percentile(sorted, share));
    }
}
