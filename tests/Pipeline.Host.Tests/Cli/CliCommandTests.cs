using System.Text.Json;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Cli;

/// <summary>The CLI as a user runs it: a child process, JSON on stdout, a real database.</summary>
public sealed class CliCommandTests
{
    private const string VerbatimSentence =
        "Open-domain question answering relies on efficient passage retrieval to select candidate contexts, where traditional sparse vector space models, such as TF-IDF or BM25, are the de facto method.";

    [Fact]
    public async Task Ingest_json_prints_the_summary_and_query_finds_the_pdf_a_sentence_was_copied_from()
    {
        using var folder = Corpus.CopyToTemp("dpr-paper-two-column.pdf", "rotation-page2-rotate90.pdf", "encrypted-owner-only-nocopy.pdf", "malformed-header-and-eof-only.pdf");
        using var jobs = new TempFolder();
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("cli"),
            ["PIPELINE_JOBS_DIR"] = jobs.Path,
        };

        var ingest = await CliProcess.RunAsync(environment, "ingest", "--pdf", folder.Path, "--json");
        Assert.True(ingest.ExitCode == 0, ingest.Stderr);
        using var summary = JsonDocument.Parse(ingest.Stdout);
        var documents = summary.RootElement.GetProperty("documents");
        foreach (var key in new[] { "seen", "new", "changed", "unchanged", "deleted", "failed" })
        {
            Assert.Equal(JsonValueKind.Number, documents.GetProperty(key).ValueKind);
        }
        Assert.Equal(4, documents.GetProperty("seen").GetInt32());
        Assert.Equal(1, documents.GetProperty("failed").GetInt32());
        Assert.True(summary.RootElement.GetProperty("chunks_written").GetInt64() > 0);
        Assert.True(summary.RootElement.GetProperty("embeddings_computed").GetInt64() > 0);
        Assert.Equal(0, summary.RootElement.GetProperty("embeddings_reused").GetInt64());
        Assert.True(summary.RootElement.GetProperty("seconds").GetDouble() > 0);

        var again = await CliProcess.RunAsync(environment, "ingest", "--pdf", folder.Path, "--json");
        using var second = JsonDocument.Parse(again.Stdout);
        Assert.Equal(0, second.RootElement.GetProperty("embeddings_computed").GetInt64());

        var query = await CliProcess.RunAsync(environment, "query", VerbatimSentence, "--top", "3", "--json");
        Assert.True(query.ExitCode == 0, query.Stderr);
        using var hits = JsonDocument.Parse(query.Stdout);
        Assert.Equal(3, hits.RootElement.GetArrayLength());
        var best = hits.RootElement[0];
        Assert.Equal("dpr-paper-two-column.pdf", best.GetProperty("document").GetString());
        Assert.Equal(1, best.GetProperty("pages")[0].GetInt32());
        foreach (var key in new[] { "chunk", "score", "text", "heading_path" })
        {
            Assert.True(best.TryGetProperty(key, out _), $"missing {key}");
        }
        Assert.True(best.GetProperty("score").GetDouble() >= hits.RootElement[1].GetProperty("score").GetDouble());

        var status = await CliProcess.RunAsync(environment, "status", "--json");
        Assert.True(status.ExitCode == 0, status.Stderr);
        using var state = JsonDocument.Parse(status.Stdout);
        Assert.Equal(3, state.RootElement.GetProperty("documents").GetInt64());
        Assert.Equal(1, state.RootElement.GetProperty("failed_documents").GetInt64());
        Assert.True(state.RootElement.GetProperty("chunks").GetInt64() > 0);
        var job = Assert.Single(state.RootElement.GetProperty("jobs").EnumerateArray());
        Assert.StartsWith("adhoc:pdf:", job.GetProperty("job").GetString());
        Assert.True(job.GetProperty("last_success_age_seconds").GetDouble() >= 0);
    }

    [Fact]
    public async Task A_bad_job_file_stops_start_up_naming_the_file_the_field_and_the_rule()
    {
        using var jobs = new TempFolder();
        File.WriteAllText(jobs.File("nightly.json"), """
            { "name": "nightly", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "docs" },
              "chunking": { "maxTokens": 4096 } }
            """);
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("badjob"),
            ["PIPELINE_JOBS_DIR"] = jobs.Path,
        };

        var result = await CliProcess.RunAsync(environment, "status");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nightly.json", result.Stderr);
        Assert.Contains("chunking.maxTokens", result.Stderr);
        Assert.Contains("maximum", result.Stderr);
    }
}
