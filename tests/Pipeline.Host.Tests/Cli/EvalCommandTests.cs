using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Cli;

/// <summary>
/// <c>eval</c> through the real CLI on an index of two real corpus PDFs, scored a second time by the reference scorer
/// (<c>shared/qa/eval_retrieval.py</c>) on the ranked results and chunks the command dumped: every figure must agree.
/// </summary>
public sealed class EvalCommandTests
{
    private const string PlosPdf = "plos-one-0196757-paper.pdf";
    private const string DprPdf = "dpr-paper-two-column.pdf";

    [Fact]
    public async Task Eval_figures_equal_the_reference_scorers_on_the_same_results_and_chunks()
    {
        var scorer = QaFolder.File("eval_retrieval.py");
        using var folder = Corpus.CopyToTemp(PlosPdf, DprPdf);
        await using var harness = await PipelineHarness.CreateAsync("eval");
        await harness.IngestFolderAsync(folder.Path);
        var questions = harness.Jobs.File("questions.jsonl");
        await File.WriteAllLinesAsync(questions, await QuestionsAsync(harness));
        var results = harness.Jobs.File("results.jsonl");
        var chunks = harness.Jobs.File("chunks.jsonl");
        var environment = CliEnvironment(harness);

        var eval = await CliProcess.RunAsync(environment, "eval", "--questions", questions, "--json", "--model", "all-MiniLM-L6-v2-int8",
            "--results-out", results, "--chunks-out", chunks);
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        var reference = await RunPythonAsync(scorer, questions, results, "--chunks", chunks, "--k", "10");

        var expected = reference.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        // Same object, same key order, same number formatting as Python's json.dumps.
        Assert.Equal(expected, eval.Stdout.Trim());
        var figures = JsonNode.Parse(expected)!;
        Assert.Equal(14, figures["n"]!.GetValue<int>());
        Assert.Equal(1, figures["match"]!["tolerant_only"]!.GetValue<int>());
        Assert.True(figures["overall"]!["mrr@10"]!.GetValue<double>() > 0, expected);
        Assert.True(figures["overall"]!["answerable"]!.GetValue<double>() < 1, "the made-up answer is in no chunk");
        Assert.Equal([PlosPdf, DprPdf], figures["per_file"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Eval_prints_a_per_question_table_and_the_summary_and_refuses_a_model_the_index_has_no_vectors_of()
    {
        using var folder = Corpus.CopyToTemp(DprPdf);
        await using var harness = await PipelineHarness.CreateAsync("eval_text");
        await harness.IngestFolderAsync(folder.Path);
        var questions = harness.Jobs.File("questions.jsonl");
        await File.WriteAllLinesAsync(questions, (await QuestionsAsync(harness)).Where(q => q.Contains(DprPdf)));
        var environment = CliEnvironment(harness);

        var text = await CliProcess.RunAsync(environment, "eval", "--questions", questions, "--top", "5");
        var other = await CliProcess.RunAsync(environment, "eval", "--questions", questions, "--model", "arctic-embed-xs");

        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.Contains("dpr-tolerant", text.Stdout);
        Assert.Contains("dpr-miss", text.Stdout);
        Assert.Contains("tolerant", text.Stdout);
        Assert.Matches(@"overall +n=2 +R@1=\d\.\d{3} +R@5=\d\.\d{3} +MRR@5=\d\.\d{3} +hits@5=\d\.\d{3} +answerable=0\.500", text.Stdout);
        Assert.True(other.ExitCode == 2, other.Stderr);
        Assert.Contains("arctic-embed-xs", other.Stderr);
        Assert.Contains("all-MiniLM-L6-v2", other.Stderr);
        Assert.Equal("", other.Stdout);
    }

    /// <summary>
    /// The twelve <c>plos-</c> questions of the shared set, plus two on the DPR paper: one whose answer is in a chunk only
    /// by the tolerant test (its words joined by hyphens), asked with that chunk's own text so it ranks first, and one
    /// whose answer is in no chunk at all.
    /// </summary>
    [Fact]
    public async Task Eval_asks_as_the_caller_it_is_given_and_a_restricted_document_scores_only_for_callers_who_may_read_it()
    {
        using var folder = Corpus.CopyToTemp(DprPdf);
        await using var harness = await PipelineHarness.CreateAsync("eval_access");
        await harness.IngestFolderAsync(folder.Path);
        var questions = harness.Jobs.File("questions.jsonl");
        await File.WriteAllLinesAsync(questions, (await QuestionsAsync(harness)).Where(q => q.Contains("dpr-tolerant")));
        await harness.ScalarAsync<int>("UPDATE pipeline.documents SET access = '[[\"group:research\"]]'::jsonb RETURNING 1");
        var environment = CliEnvironment(harness);

        async Task<double> MrrAsync(params string[] caller)
        {
            var eval = await CliProcess.RunAsync(environment, ["eval", "--questions", questions, "--json", .. caller]);
            Assert.True(eval.ExitCode == 0, eval.Stderr);
            return JsonNode.Parse(eval.Stdout.Trim())!["overall"]!["mrr@10"]!.GetValue<double>();
        }

        var member = await MrrAsync("--principals", "group:research");
        Assert.True(member > 0, $"a member finds the passage: MRR@10 {member}");
        Assert.Equal(member, await MrrAsync("--admin"));
        Assert.Equal(0, await MrrAsync());
        Assert.Equal(0, await MrrAsync("--as", "stranger@example.com"));
        Assert.Equal(0, await MrrAsync("--principals", "group:finance"));
    }

    private static async Task<List<string>> QuestionsAsync(PipelineHarness harness)
    {
        var lines = File.ReadLines(QaFolder.File("questions.jsonl")).Where(l => l.Contains("\"plos-")).ToList();
        Assert.Equal(12, lines.Count);
        var text = await harness.ScalarAsync<string>(
            """
            SELECT c.text FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
            WHERE d.external_id = @doc AND c.token_count > 60 ORDER BY c.ordinal LIMIT 1
            """, ("doc", DprPdf));
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        lines.Add(Question("dpr-tolerant", DprPdf, text[..Math.Min(400, text.Length)], string.Join("-", words.Skip(3).Take(6))));
        lines.Add(Question("dpr-miss", DprPdf, "Which reagent turns the zebra purple?", "quartz xylophone reagent turns zebras purple"));
        return lines;
    }

    private static string Question(string id, string file, string question, string answer) =>
        JsonSerializer.Serialize(new { id, file, page = 1, question, answer });

    private static async Task<string> RunPythonAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"the reference scorer failed: {await stderr}");
        return await stdout;
    }

    private static Dictionary<string, string> CliEnvironment(PipelineHarness harness) => new()
    {
        ["PIPELINE_DB"] = harness.ConnectionString,
        ["PIPELINE_JOBS_DIR"] = harness.Jobs.Path,
    };
}
