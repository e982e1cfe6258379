using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Evaluation;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage.Monitoring;

namespace Pipeline.Host.Tests.Monitoring;

/// <summary>
/// A job naming <c>evaluation.questions</c> is scored after each successful sync through the active retriever, the
/// figures stored with the run, and the Drift page shows the newest run's.
/// </summary>
public sealed class RunEvaluationTests
{
    private static readonly string[] Questions =
    [
        """{"id": "q1", "file": "getting-started.pdf", "page": 1, "question": "Which script installs the missing requirements?", "answer": "scripts/setup.sh checks each requirement"}""",
        """{"id": "q2", "file": "getting-started.pdf", "page": 1, "question": "Where is the dashboard once the service runs?", "answer": "http://127.0.0.1:5080/hangfire"}""",
        """{"id": "q3", "file": "getting-started.pdf", "page": 1, "question": "Why is no graphics card needed?", "answer": "Embeddings are computed on the CPU"}""",
    ];

    [Fact]
    public async Task A_sync_of_a_job_with_a_question_set_stores_its_figures_and_the_drift_page_shows_the_newest_run()
    {
        using var questions = new TempFolder();
        var file = questions.File("questions.jsonl");
        File.WriteAllLines(file, Questions);
        await using var job = await MonitoredJob.CreateAsync("run_eval", ["getting-started.pdf"],
            new() { ["evaluation"] = new { questions = file, top = 5 } });

        var first = await job.SyncAsync();
        var second = await job.SyncAsync();

        var stored = Assert.Single(await job.Harness.Services.GetRequiredService<RunEvaluationStore>().NewestPerJobAsync(CancellationToken.None));
        Assert.Equal((second.RunId, MonitoredJob.Name, file, 5, "hybrid", "sentence-transformers/all-MiniLM-L6-v2-int8"), (stored.RunId, stored.Job, stored.QuestionsFile, stored.K, stored.Mode, stored.Model));
        Assert.NotEqual(first.RunId, second.RunId);
        // The figures are those eval computes for the same questions on the job's source.
        var direct = await job.Harness.Services.GetRequiredService<RetrievalEvaluation>()
            .EvaluateAsync(QuestionSet.Read(file), 5, model: null, second.Source, CancellationToken.None);
        Assert.Equal(direct.Overall, stored.Figures);
        Assert.Equal(3, stored.Figures.N);
        Assert.Equal(1.0, stored.Figures.Answerable);
        Assert.True(stored.Figures.Mrr > 0, "the questions are about the one indexed document, so some are found");

        var page = DriftPageHtml.Render(await ActivatorUtilities.CreateInstance<DriftQuery>(job.Harness.Services).LoadAsync(CancellationToken.None), new DashboardLinks("/hangfire"));
        var row = new HtmlParser().ParseDocument(page).QuerySelector($"#pipeline-evaluations tr[data-job={MonitoredJob.Name}]");
        Assert.NotNull(row);
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent).ToList();
        Assert.Equal(["monitored", $"#{second.RunId}", "3", "hybrid", "sentence-transformers/all-MiniLM-L6-v2-int8"], cells.Take(5));
        Assert.Equal(Fmt(stored.Figures.RecallAt1), cells[5]);
        Assert.Equal(Fmt(stored.Figures.RecallAt5), cells[6]);
        Assert.Equal($"{Fmt(stored.Figures.Mrr)} (k 5)", cells[7]);
    }

    [Fact]
    public async Task A_job_without_a_question_set_stores_no_evaluation_and_a_missing_file_keeps_the_drift_figures()
    {
        await using var plain = await MonitoredJob.CreateAsync("run_eval_none", ["getting-started.pdf"]);
        await plain.SyncAsync();
        Assert.Empty(await plain.Harness.Services.GetRequiredService<RunEvaluationStore>().NewestPerJobAsync(CancellationToken.None));

        await using var missing = await MonitoredJob.CreateAsync("run_eval_missing", ["getting-started.pdf"],
            new() { ["evaluation"] = new { questions = "/nonexistent/questions.jsonl" } });
        var run = await missing.SyncAsync();

        Assert.Empty(await missing.Harness.Services.GetRequiredService<RunEvaluationStore>().NewestPerJobAsync(CancellationToken.None));
        Assert.NotEmpty(await missing.FiguresAsync(run.RunId));
    }

    private static string Fmt(double value) => value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}
