using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pipeline.Core.Embedding;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.DeadLetters;
using Pipeline.Host.Tests.Infrastructure;
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

    /// <summary>A stretch of one chunk's text that no other chunk of the document contains (chunks overlap).</summary>
    private static async Task<string> PoisonMarkerAsync(PipelineHarness harness)
    {
        var chunks = (await PoisonTarget.ChunksAsync(harness, Job, Document)).Select(c => c.EmbeddingText).ToList();
        return PoisonTarget.UniqueWindow(chunks[1], chunks.Where((_, i) => i != 1).ToList());
    }
}
