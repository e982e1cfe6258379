using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pipeline.Host.Ingestion;
using Pipeline.Storage.Retrieval;
using Pipeline.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Pipeline.Host.Tests.Dashboard;

/// <summary>
/// A blue/green model switch through the Models page in real headless Chromium against the real service, whose
/// Hangfire workers run the build: MiniLM → Arctic (plan, build, activate) and back (activate, drop), each step
/// checked in the database and through the service's retriever, with a screenshot.
/// </summary>
public sealed class ModelsBrowserTests(ITestOutputHelper output)
{
    private const string Job = "models-browser";
    private const string Document = "dpr-paper-two-column.pdf";
    private const string Chromium = "/usr/bin/chromium";
    private const string ArcticName = "Snowflake/snowflake-arctic-embed-xs";
    private const string MiniLmName = "sentence-transformers/all-MiniLM-L6-v2-int8";

    [Fact]
    public async Task A_switch_to_arctic_and_back_through_the_models_page_changes_what_queries_use_and_drop_removes_the_vectors()
    {
        using var folder = Corpus.CopyToTemp(Document);
        await using var harness = await PipelineHarness.CreateAsync("modelsbrowser",
            jobs => File.WriteAllText(jobs.File(Job + ".json"), JsonSerializer.Serialize(new
            {
                name = Job,
                schedule = "0 2 * * *",
                source = new { kind = "pdf-folder", path = folder.Path },
            })));
        await harness.Services.GetRequiredService<JobIngestion>().RunAsync(Job, "test", null, CancellationToken.None);
        var chunks = await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunks");

        await using var service = await DashboardService.StartAsync(harness.ConnectionString, harness.Jobs.Path);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1500, Height = 900 } });
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        var screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        async Task ShotAsync(string name)
        {
            var path = Path.Combine(screenshots, name + ".png");
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
            output.WriteLine($"screenshot: {path}");
        }
        var panel = page.Locator($".panel[data-job='{Job}']");
        var result = page.Locator("#pipeline-models-result");
        async Task PressAsync(string model, string button)
        {
            await panel.Locator("select[name=model]").SelectOptionAsync(model);
            // The answer is a new page (a plan embeds a sample of the job's chunks first: seconds, not milliseconds).
            var answer = await page.RunAndWaitForResponseAsync(() => panel.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync(),
                r => r.Request.Method == "POST" && r.Url.EndsWith("/" + button.ToLowerInvariant(), StringComparison.Ordinal), new() { Timeout = 120_000 });
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
            output.WriteLine($"{button} {model}: HTTP {answer.Status}");
            await Assertions.Expect(result).ToBeVisibleAsync();
        }
        Task<string?> ActiveAsync() => harness.ScalarAsync<string?>("SELECT model FROM pipeline.source_models");
        Task<long> VectorsAsync(string model) => harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunk_vectors WHERE model = @m", ("m", model));

        await page.GotoAsync(new Uri(service.Address, "/hangfire").ToString());
        await page.Locator(".navbar").GetByRole(AriaRole.Link, new() { Name = "Models", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1.page-header")).ToHaveTextAsync("Models");
        await Assertions.Expect(panel.Locator(".active-model")).ToHaveTextAsync(MiniLmName);
        await ShotAsync("models");

        await PressAsync("arctic-embed-xs", "Plan");
        await Assertions.Expect(page.Locator("#pipeline-plan dd[data-figure='to-embed']")).ToHaveTextAsync(chunks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ShotAsync("models-plan");

        await PressAsync("arctic-embed-xs", "Build");
        await Assertions.Expect(result).ToContainTextAsync("queued as Hangfire job");
        await ShotAsync("models-build-queued");
        // The page reloads itself while the build is open; poll it as an operator watching would.
        var built = await DashboardWait.ForAsync(async () =>
        {
            await page.GotoAsync(new Uri(service.Address, "/hangfire/pipeline/models").ToString());
            return await panel.Locator("tr[data-build]").First.GetAttributeAsync("data-status");
        }, s => s is "built" or "failed" or "cancelled", TimeSpan.FromMinutes(5));
        Assert.Equal("built", built);
        await Assertions.Expect(panel.Locator("tr[data-build]").First).ToContainTextAsync($"{chunks} / {chunks}");
        await ShotAsync("models-built");
        Assert.Equal(chunks, await VectorsAsync(ArcticName));

        await PressAsync("arctic-embed-xs", "Activate");
        await Assertions.Expect(result).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("alert-success"));
        await Assertions.Expect(panel.Locator(".active-model")).ToHaveTextAsync(ArcticName);
        await ShotAsync("models-activated-arctic");
        Assert.Equal(ArcticName, await ActiveAsync());
        var retriever = service.App.Services.GetRequiredService<Retriever>();
        var hits = await retriever.SearchAsync("dense passage retrieval for open-domain question answering", 3, Pipeline.Storage.Access.SearchCaller.Anonymous, CancellationToken.None);
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal((ArcticName, Document), (h.Model, h.Document)));

        // Back: MiniLM's vectors were never removed and cover every chunk, so it activates without a build.
        await PressAsync("all-MiniLM-L6-v2-int8", "Activate");
        await Assertions.Expect(panel.Locator(".active-model")).ToHaveTextAsync(MiniLmName);
        Assert.Equal(MiniLmName, await ActiveAsync());
        Assert.All(await retriever.SearchAsync("dense passage retrieval for open-domain question answering", 3, Pipeline.Storage.Access.SearchCaller.Anonymous, CancellationToken.None), h => Assert.Equal(MiniLmName, h.Model));
        await ShotAsync("models-activated-minilm");

        await PressAsync("arctic-embed-xs", "Drop");
        await Assertions.Expect(result).ToContainTextAsync($"Removed {chunks} vectors of arctic-embed-xs");
        await ShotAsync("models-dropped");
        Assert.Equal(0L, await VectorsAsync(ArcticName));
        Assert.Equal(chunks, await VectorsAsync(MiniLmName));
        await Assertions.Expect(panel.Locator($"tr[data-model='{ArcticName}']")).ToHaveCountAsync(0);
    }
}
