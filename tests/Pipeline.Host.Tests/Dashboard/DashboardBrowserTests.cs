using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pipeline.Core.Embedding;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.DeadLetters;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Tests.Monitoring;
using Pipeline.Core.Runs;
using Pipeline.Core.Drift;
using Pipeline.Storage.DeadLetters;
using Xunit.Abstractions;

namespace Pipeline.Host.Tests.Dashboard;

/// <summary>
/// The dashboard in real headless Chromium (Debian's <c>chromium</c>, driven by Playwright) against the real service:
/// every pipeline page through the navigation, a screenshot of each, and the buttons' effect in the database.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string Job = "browser-test";
    private const string Document = "dpr-paper-two-column.pdf";
    private const string Broken = "notes-not-a-pdf.pdf";
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Every_page_opens_from_the_navigation_and_replay_and_sync_now_act_on_the_database()
    {
        // A real dead letter: the first sync runs with a model that fails on one chunk; the service then runs the real model.
        using var folder = Corpus.CopyToTemp(Document);
        // And a real quarantine row for the Quality page: a text file named .pdf.
        File.WriteAllText(Path.Combine(folder.Path, Broken), "not a PDF, only a name that says so");
        var poison = new PoisonTextEmbedder(SharedEmbedder.Value);
        await using var harness = await PipelineHarness.CreateAsync("dashbrowser",
            jobs => File.WriteAllText(jobs.File(Job + ".json"), JsonSerializer.Serialize(new
            {
                name = Job,
                schedule = "0 2 * * *",
                source = new { kind = "pdf-folder", path = folder.Path },
                // One golden query, so the Drift page has canary recall to show after each sync.
                canaries = new[] { new { query = "dense passage retrieval for open-domain question answering", expect = Document, k = 1 } },
            })),
            services =>
            {
                services.AddSingleton<IEmbedder>(poison);
                services.AddSingleton(new EmbeddingRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) });
            });
        poison.Marker = await PoisonMarkerAsync(harness);
        var first = await harness.Services.GetRequiredService<JobIngestion>().RunAsync(Job, "test", null, CancellationToken.None);
        Assert.Equal((1L, 1), (first.DeadLetters, first.Documents.Failed));
        var letter = Assert.Single(await harness.Services.GetRequiredService<DeadLetterStore>().ListAsync(null, CancellationToken.None));

        await using var service = await DashboardService.StartAsync(harness.ConnectionString, harness.Jobs.Path);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1500, Height = 900 } });
        var screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        async Task ShotAsync(string name)
        {
            var path = Path.Combine(screenshots, name + ".png");
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
            output.WriteLine($"screenshot: {path}");
        }
        async Task OpenAsync(string title)
        {
            await page.Locator(".navbar").GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("h1.page-header")).ToHaveTextAsync(title);
        }

        await page.GotoAsync(new Uri(service.Address, "/hangfire").ToString());

        await OpenAsync("Dead letters");
        var row = page.Locator($"tr[data-dead-letter='{letter.Id}']");
        await Assertions.Expect(row).ToContainTextAsync(Document);
        await ShotAsync("dead-letters");
        await row.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();
        var left = await DashboardWait.ForAsync(() => harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.dead_letters"), n => n == 0, TimeSpan.FromMinutes(3));
        Assert.Equal(0L, left);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("tr[data-dead-letter]")).ToHaveCountAsync(0);
        Assert.Equal("replay", await harness.ScalarAsync<string>("SELECT trigger FROM pipeline.runs ORDER BY id DESC LIMIT 1"));

        await OpenAsync("Sources");
        await ShotAsync("sources");
        var runsBefore = await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.runs");
        await page.Locator($"tr[data-job='{Job}']").GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        var status = await DashboardWait.ForAsync(async () => await harness.ScalarAsync<long>(
                "SELECT count(*) FROM pipeline.runs WHERE trigger = @t AND status <> 'running'", ("t", PipelinePages.Trigger)),
            n => n > 0, TimeSpan.FromMinutes(3));
        Assert.Equal(1L, status);
        Assert.Equal(runsBefore + 1, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.runs"));
        var synced = await harness.ScalarAsync<long>("SELECT id FROM pipeline.runs WHERE trigger = @t AND status = 'succeeded'", ("t", PipelinePages.Trigger));
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator($"tr[data-job='{Job}']")).ToContainTextAsync($"#{synced}");

        await OpenAsync("Runs");
        await Assertions.Expect(page.Locator("#pipeline-runs tbody tr")).ToHaveCountAsync(3);
        await ShotAsync("runs");
        await page.GetByRole(AriaRole.Link, new() { Name = $"#{synced}", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1.page-header")).ToHaveTextAsync($"Run #{synced}");
        await Assertions.Expect(page.Locator("#pipeline-run")).ToContainTextAsync(PipelinePages.Trigger);
        await ShotAsync("run-detail");

        await OpenAsync("Quality");
        await Assertions.Expect(page.Locator("#pipeline-quarantine")).ToContainTextAsync(Broken);
        await ShotAsync("quality");

        await OpenAsync("Drift");
        // The newest monitored run is the "sync now" one: nothing new, so no embedding figure is measured (shown as
        // such), while OCR share, rejects and canary recall are, each as stored for that run.
        var stored = await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.run_figures WHERE run_id = @r", ("r", synced));
        await Assertions.Expect(page.Locator($"#pipeline-drift tr[data-job='{Job}']")).ToHaveCountAsync((int)stored);
        var recall = page.Locator($"#pipeline-drift tr[data-job='{Job}'][data-figure='canary_recall'] td");
        await Assertions.Expect(recall).ToHaveTextAsync([Job, $"#{synced}", "canary_recall",
            (await harness.ScalarAsync<double>("SELECT value FROM pipeline.run_figures WHERE run_id = @r AND name = 'canary_recall'", ("r", synced))).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "≥ 1", "ok"]);
        await Assertions.Expect(page.Locator($"#pipeline-drift tr[data-job='{Job}'][data-figure='centroid_shift']")).ToContainTextAsync("not measured");
        await Assertions.Expect(page.Locator("#pipeline-canaries")).ToContainTextAsync("dense passage retrieval for open-domain question answering");
        await Assertions.Expect(page.Locator("#pipeline-models")).ToContainTextAsync("running model");
        await ShotAsync("drift");
    }

    [Fact]
    public async Task Trends_page_plots_each_succeeded_runs_stored_figures_and_opens_from_sources_and_drift()
    {
        // Three syncs, each adding a document: durations, counts, lag and canary recall (0, 0.5, 1) differ run to run.
        var canaries = new[]
        {
            new { query = "how a failed sync is retried", expect = "operations/jobs-and-retries.pdf", k = 2 },
            new { query = "what to check first when the database is unreachable", expect = "incident-response.pdf", k = 2 },
        };
        await using var job = await MonitoredJob.CreateAsync("dashtrends", ["getting-started.pdf", "architecture.pdf"],
            new() { ["canaries"] = canaries, ["freshness"] = new { slaHours = 0.05 } });
        var runs = new List<long> { (await job.SyncAsync()).RunId };
        MonitoredJob.CopySample("operations/jobs-and-retries.pdf", job.Folder);
        runs.Add((await job.SyncAsync()).RunId);
        MonitoredJob.CopySample("operations/incident-response.pdf", job.Folder);
        runs.Add((await job.SyncAsync()).RunId);

        await using var service = await DashboardService.StartAsync(job.Harness.ConnectionString, job.Harness.Jobs.Path);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var header = page.Locator("h1.page-header");
        var section = page.Locator($"section[data-job='{MonitoredJob.Name}']");

        await page.GotoAsync(new Uri(service.Address, "/hangfire").ToString());
        await page.Locator(".navbar").GetByRole(AriaRole.Link, new() { Name = "Trends", Exact = true }).ClickAsync();
        await Assertions.Expect(header).ToHaveTextAsync("Trends");
        await page.Locator(".navbar").GetByRole(AriaRole.Link, new() { Name = "Drift", Exact = true }).ClickAsync();
        await page.Locator("#pipeline-drift").GetByRole(AriaRole.Link, new() { Name = MonitoredJob.Name, Exact = true }).First.ClickAsync();
        await Assertions.Expect(header).ToHaveTextAsync($"Trends: {MonitoredJob.Name}");
        await page.Locator(".navbar").GetByRole(AriaRole.Link, new() { Name = "Sources", Exact = true }).ClickAsync();
        await page.Locator($"tr[data-job='{MonitoredJob.Name}']").GetByRole(AriaRole.Link, new() { Name = "trends" }).ClickAsync();
        await Assertions.Expect(header).ToHaveTextAsync($"Trends: {MonitoredJob.Name}");

        var plotted = await PlottedAsync(section.Locator("circle"));
        Assert.Equal(await StoredAsync(job.Harness), plotted);
        Assert.Equal(runs, plotted.Select(p => p.Run).Distinct().Order());
        Assert.Equal([0, 0.5, 1], plotted.Where(p => p.Series == "canary_recall").Select(p => p.Value));
        Assert.Equal("180", await section.Locator("figure[data-chart=lag] line.threshold").GetAttributeAsync("data-threshold"));
        Assert.Equal("1", await section.Locator("figure[data-chart=canary_recall] line.threshold").GetAttributeAsync("data-threshold"));
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        var shot = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, "trends.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        output.WriteLine($"screenshot: {shot}");

        // The window: ?runs=2 draws the newest two runs only.
        await page.GotoAsync(new Uri(service.Address, $"/hangfire/pipeline/trends/{MonitoredJob.Name}?runs=2").ToString());
        Assert.Equal(runs[1..], (await PlottedAsync(section.Locator("figure[data-chart=duration] circle"))).Select(p => p.Run));
    }

    /// <summary>Every plotted point as (series, run, value), read from the circles' data attributes.</summary>
    private static async Task<List<(string Series, long Run, double Value)>> PlottedAsync(ILocator circles) =>
        (await circles.EvaluateAllAsync<string[][]>("cs => cs.map(c => [c.dataset.series, c.dataset.run, c.dataset.value])"))
            .Select(c => (c[0], long.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture), double.Parse(c[2], System.Globalization.CultureInfo.InvariantCulture)))
            .Order().ToList();

    /// <summary>What the database holds for the job's succeeded syncs, read with SQL of its own rather than through the page's query.</summary>
    private static async Task<List<(string Series, long Run, double Value)>> StoredAsync(PipelineHarness harness)
    {
        var expected = new List<(string Series, long Run, double Value)>();
        await using var connection = new Npgsql.NpgsqlConnection(harness.ConnectionString);
        await connection.OpenAsync();
        await using (var command = new Npgsql.NpgsqlCommand(
            "SELECT id, summary::text FROM pipeline.runs WHERE job_name = @j AND kind = 'sync' AND status = 'succeeded'", connection))
        {
            command.Parameters.AddWithValue("j", MonitoredJob.Name);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var (run, summary) = (reader.GetInt64(0), JsonSerializer.Deserialize<RunSummary>(reader.GetString(1))!);
                expected.Add(("seconds", run, summary.Seconds));
                expected.Add(("documents_changed", run, summary.Documents.New + summary.Documents.Changed));
                expected.Add(("embeddings_computed", run, summary.EmbeddingsComputed));
                expected.Add(("tokens_per_second", run, summary.TokensEmbedded / summary.Seconds));
            }
        }
        await using (var command = new Npgsql.NpgsqlCommand(
            "SELECT name, run_id, value FROM pipeline.run_figures WHERE job_name = @j AND value IS NOT NULL AND name = ANY(@names)", connection))
        {
            command.Parameters.AddWithValue("j", MonitoredJob.Name);
            command.Parameters.AddWithValue("names", new[]
            {
                RunFigureNames.CentroidShift, RunFigureNames.TokenLengthPsi, RunFigureNames.SimilarityPsi, RunFigureNames.OcrShare,
                RunFigureNames.QualityRejectRate, RunFigureNames.CanaryRecall, RunFigureNames.LagMedianSeconds, RunFigureNames.LagMaxSeconds,
            });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                expected.Add((reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2)));
            }
        }
        return expected.Order().ToList();
    }

    /// <summary>A stretch of one chunk's text that no other chunk of the document contains (chunks overlap).</summary>
    private static async Task<string> PoisonMarkerAsync(PipelineHarness harness)
    {
        var chunks = (await PoisonTarget.ChunksAsync(harness, Job, Document)).Select(c => c.EmbeddingText).ToList();
        return PoisonTarget.UniqueWindow(chunks[1], chunks.Where((_, i) => i != 1).ToList());
    }
}
