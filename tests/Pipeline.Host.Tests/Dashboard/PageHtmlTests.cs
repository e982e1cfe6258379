using AngleSharp.Html.Parser;
using Pipeline.Core.Drift;
using Pipeline.Core.Embedding;
using Pipeline.Core.Runs;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Dashboard.Trends;
using Pipeline.Storage.DeadLetters;
using Pipeline.Storage.Monitoring;

namespace Pipeline.Host.Tests.Dashboard;

/// <summary>The page renderers alone: what they show, what they encode, and when they offer buttons.</summary>
public sealed class PageHtmlTests
{
    private const string Hostile = "<script>alert('x')</script>&\"";
    private static readonly DashboardLinks Links = new("/hangfire");
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly RunRow Run = new(42, "nightly", "pdf:nightly", "schedule", "sync", "full", "failed",
        Now.AddHours(-3), Now.AddHours(-3).AddSeconds(75), new RunSummary
        {
            RunId = 42,
            Documents = new DocumentCounts { Seen = 7, New = 3, Changed = 2, Unchanged = 1, Deleted = 0, Failed = 1 },
            EmbeddingsComputed = 123,
            Seconds = 74.5,
        }, Hostile);

    private static readonly DeadLetter Letter = new(9, "nightly", "pdf:nightly", Hostile + ".pdf", 3, "abc", "embed", Hostile, 2, Now.AddDays(-1), Now, 42, "chunk:x");

    [Fact]
    public void Values_from_the_database_are_html_encoded_on_every_page()
    {
        var pages = new[]
        {
            SourcesPageHtml.Render([new SourceRow(Hostile, "pdf-folder", Hostile, "0 2 * * *", true, Now.AddHours(-5), Run)], Links, canOperate: true, Now),
            RunsPageHtml.Render([Run], 0, 1, Links),
            RunDetailPageHtml.Render(Run, [new DocumentFailure(Hostile, Hostile, Hostile)], Links),
            QualityPageHtml.Render([new QualityRuleCount(Hostile, "reject", 4, 2)], [new QuarantinedDocument(Hostile, Hostile, Hostile, Hostile, Now)], QualityQuery.Window,
                [new Pipeline.Storage.Index.StaleDocument(Hostile, Hostile, Hostile, Hostile, Now, Now, 2)],
                [new Pipeline.Storage.Access.DocumentRemovalCounts(Hostile, 1, 2, 0, 0, 2, Now)]),
            DeadLettersPageHtml.Render([Letter], Links, canOperate: true),
            DriftPageHtml.Render(new DriftPageData([new DriftFigure(Hostile, 42, Hostile, 0.31, 0.2, true)],
                [new CanaryRow(Hostile, 42, 0, 1, [new CanaryResult(Hostile, Hostile, 2, null, Hostile)])], [new ModelUsage(Hostile, Hostile, Hostile, 5)],
                new EmbeddingModelInfo("m", "sha", 384, 256)), Links),
            TrendsPageHtml.Render([new JobTrends(Hostile, 26, [new RunTrendPoint(42, Now, 3, 2, 5, 100,
                new Dictionary<string, RunFigure> { [Hostile] = new(Hostile, 1, 2, false), [RunFigureNames.OcrShare] = new(RunFigureNames.OcrShare, 0.1, 0.5, false) })])], 30, Links),
            TrendsPageHtml.Render([new JobTrends(Hostile, 26, [])], 30, Links, Hostile),
        };
        foreach (var html in pages)
        {
            Assert.DoesNotContain("<script>", html);
            Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;", html);
            // Parsed back, the text is exactly what was stored: encoded once, not twice.
            var document = new HtmlParser().ParseDocument(html);
            Assert.Empty(document.QuerySelectorAll("script"));
            Assert.Contains(Hostile, document.Body!.TextContent);
        }
    }

    [Fact]
    public void Sources_page_shows_each_jobs_freshness_and_last_run_counts()
    {
        var html = SourcesPageHtml.Render([new SourceRow("nightly", "pdf-folder", "/data/pdf", "0 2 * * *", true, Now.AddHours(-26).AddMinutes(-5), Run)], Links, false, Now);
        var row = new HtmlParser().ParseDocument(html).QuerySelector("tr[data-job=nightly]")!;
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("2026-11-24 09:55:00 UTC", cells[3]);
        Assert.Equal("26 h 5 min", cells[4]);
        Assert.Equal(["7", "3", "2", "1", "0", "1", "123", "74.5 s"], cells[6..14]);
        Assert.Equal("/hangfire/pipeline/runs/42", row.QuerySelector("a[href*='/runs/']")!.GetAttribute("href"));
        Assert.Equal("/hangfire/pipeline/trends/nightly", row.QuerySelector("a[href*='/trends/']")!.GetAttribute("href"));
    }

    [Fact]
    public void Read_only_users_get_no_buttons_and_operators_get_sync_and_replay_buttons()
    {
        var source = new SourceRow("nightly", "pdf-folder", "/data", "0 2 * * *", true, null, null);
        var readOnly = SourcesPageHtml.Render([source], Links, canOperate: false, Now) + DeadLettersPageHtml.Render([Letter], Links, canOperate: false);
        Assert.DoesNotContain("<button", readOnly);
        Assert.DoesNotContain("data-ajax", readOnly);

        var parser = new HtmlParser();
        var sources = parser.ParseDocument(SourcesPageHtml.Render([source], Links, canOperate: true, Now));
        var sync = Assert.Single(sources.QuerySelectorAll("button[data-ajax]"));
        Assert.Equal(("Sync now", "/hangfire/pipeline/sources/nightly/sync"), (sync.TextContent, sync.GetAttribute("data-ajax")));
        var letters = parser.ParseDocument(DeadLettersPageHtml.Render([Letter], Links, canOperate: true));
        Assert.Equal(["/hangfire/pipeline/dead-letters/replay-all", "/hangfire/pipeline/dead-letters/9/replay"],
            letters.QuerySelectorAll("button[data-ajax]").Select(b => b.GetAttribute("data-ajax") ?? "").ToArray());
    }

    [Fact]
    public void Drift_page_without_figures_says_when_they_appear_and_flags_a_mixed_model_index()
    {
        var running = new EmbeddingModelInfo("all-MiniLM-L6-v2", "aaa", 384, 256);
        var mixed = DriftPageHtml.Render(new DriftPageData([], [], [new ModelUsage("pdf:a", "all-MiniLM-L6-v2", "aaa", 10), new ModelUsage("pdf:a", "old", "bbb", 4)], running), Links);
        Assert.Contains(DriftPageHtml.NoFiguresYet, mixed);
        var alert = new HtmlParser().ParseDocument(mixed).QuerySelector("#pipeline-mixed-model");
        Assert.NotNull(alert);
        Assert.Contains("4 chunk(s) in 1 source(s)", alert!.TextContent);

        var clean = DriftPageHtml.Render(new DriftPageData([], [], [new ModelUsage("pdf:a", "all-MiniLM-L6-v2", "aaa", 10)], running), Links);
        Assert.DoesNotContain("pipeline-mixed-model", clean);
    }

    [Fact]
    public void Drift_page_highlights_crossed_figures_says_which_were_not_judged_and_lists_missed_canaries()
    {
        var html = DriftPageHtml.Render(new DriftPageData(
            [
                new DriftFigure("nightly", 42, RunFigureNames.CentroidShift, 0.3127, 0.2, true),
                new DriftFigure("nightly", 42, RunFigureNames.OcrShare, 0.1, 0.5, false),
                new DriftFigure("nightly", 42, RunFigureNames.CanaryRecall, 0.5, 1, true),
                new DriftFigure("small", 43, RunFigureNames.TokenLengthPsi, 0.9, 0.61, false, "3 new chunks < minChunks 10"),
                new DriftFigure("small", 43, RunFigureNames.SimilarityPsi, null, 0.3, false),
                new DriftFigure("small", 43, RunFigureNames.NewChunks, 3, null, false),
            ],
            [new CanaryRow("nightly", 42, 0.5, 1, [
                new CanaryResult("database unreachable", "incident-response.pdf", 2, null, "architecture.pdf"),
                new CanaryResult("failed sync retried", "jobs-and-retries.pdf", 2, 1, "jobs-and-retries.pdf")])],
            [], new EmbeddingModelInfo("m", "aaa", 384, 256)), Links);

        var document = new HtmlParser().ParseDocument(html);
        string[] Cells(string job, string figure) =>
            document.QuerySelector($"#pipeline-drift tr[data-job={job}][data-figure={figure}]")!.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray();
        Assert.Equal(["nightly", "#42", "centroid_shift", "0.3127", "≤ 0.2", "crossed"], Cells("nightly", "centroid_shift"));
        Assert.Equal(["≥ 1", "crossed"], Cells("nightly", "canary_recall")[4..]);
        Assert.Equal("ok", Cells("nightly", "ocr_share")[5]);
        Assert.Equal("not judged 3 new chunks < minChunks 10", Cells("small", "token_length_psi")[5]);
        Assert.Equal(["—", "≤ 0.3", "not measured no baseline or no new chunks"], Cells("small", "similarity_psi")[3..]);
        Assert.Equal(["3", "—", "recorded"], Cells("small", "new_chunks")[3..]);
        Assert.Equal(["centroid_shift", "canary_recall"],
            document.QuerySelectorAll("#pipeline-drift tr.danger").Select(r => r.GetAttribute("data-figure")));
        var canaries = document.QuerySelector("#pipeline-canaries")!;
        Assert.Contains("recall@k 0.5 (minimum 1) below minimum", canaries.TextContent);
        var missed = Assert.Single(canaries.QuerySelectorAll("tbody tr.danger"), r => r.QuerySelectorAll("td").Length == 7);
        Assert.Equal(["nightly", "#42", "database unreachable", "anonymous", "incident-response.pdf", "missed (top 2)", "architecture.pdf"],
            missed.QuerySelectorAll("td").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public void Runs_page_pages_through_older_runs()
    {
        var first = new HtmlParser().ParseDocument(RunsPageHtml.Render([Run], 0, 45, Links));
        Assert.Equal(["/hangfire/pipeline/runs/42", "/hangfire/pipeline/runs?from=20"], first.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? "").ToArray());
        var last = new HtmlParser().ParseDocument(RunsPageHtml.Render([Run], 40, 45, Links));
        Assert.Contains("41–45 of 45", last.Body!.TextContent);
        Assert.Equal("/hangfire/pipeline/runs?from=20", last.QuerySelector(".previous a")!.GetAttribute("href"));
        Assert.Null(last.QuerySelector(".next"));
    }
}
