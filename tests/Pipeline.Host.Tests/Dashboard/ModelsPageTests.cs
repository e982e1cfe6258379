using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage.Models;

namespace Pipeline.Host.Tests.Dashboard;

/// <summary>
/// The Models page of the real service over HTTP, with local requests distrusted, an operator and a read-only user,
/// over a job synced once (MiniLM vectors of one small PDF).
/// </summary>
public sealed class ModelsPageTests(ModelsPageTests.SyncedDashboard fixture) : IClassFixture<ModelsPageTests.SyncedDashboard>
{
    private const string Job = "models-page";
    private const string Arctic = "arctic-embed-xs";
    private const string OperatorPassword = "operator pass";
    private const string ReadOnlyPassword = "read-only pass";

    public sealed class SyncedDashboard : IAsyncLifetime
    {
        private readonly TempFolder _documents = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        private readonly TempFolder _jobs = new();

        public DashboardService Service { get; private set; } = null!;

        public string ConnectionString { get; private set; } = "";

        public async Task InitializeAsync()
        {
            File.WriteAllText(_jobs.File(Job + ".json"), $$"""
                { "name": "{{Job}}", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{_documents.Path}}" } }
                """);
            ConnectionString = await TestCluster.CreateDatabaseAsync("modelspage");
            var users = $"alice:operator:{DashboardPasswordHash.Create(OperatorPassword, DashboardPasswordHash.MinimumIterations)};" +
                $"bob:read-only:{DashboardPasswordHash.Create(ReadOnlyPassword, DashboardPasswordHash.MinimumIterations)}";
            Service = await DashboardService.StartAsync(ConnectionString, _jobs.Path,
                $"--{DashboardAccessOptions.TrustLocalKey}=false", $"--{DashboardAccessOptions.UsersKey}={users}");
            await Service.App.Services.GetRequiredService<JobIngestion>().RunAsync(Job, "test", null, CancellationToken.None);
        }

        public async Task DisposeAsync()
        {
            await Service.DisposeAsync();
            _documents.Dispose();
            _jobs.Dispose();
        }
    }

    private DashboardService Service => fixture.Service;

    [Fact]
    public async Task The_page_shows_the_registry_the_active_model_its_vectors_and_the_builds_with_progress_from_the_database()
    {
        await using var dataSource = Storage.PipelineDataSource.Create(fixture.ConnectionString);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM pipeline.chunk_vectors");
        var vectors = (long)(await count.ExecuteScalarAsync())!;
        Assert.True(vectors > 0);
        var builds = new ModelBuilds(dataSource);
        var source = (await builds.ListAsync(null, 1, CancellationToken.None)).FirstOrDefault()?.Source
            ?? SourceRegistry.KeyOf(Service.App.Services.GetRequiredService<global::Pipeline.Host.Jobs.JobCatalog>().Jobs.Single());
        // A build names a model the index knows, as the service records one before building it.
        await Service.App.Services.GetRequiredService<ModelPartitions>().EnsureAsync(
            Service.App.Services.GetRequiredService<global::Pipeline.Host.Models.EmbedderCatalog>().Get(Arctic).Model, CancellationToken.None);
        var failed = await builds.OpenAsync(Job, source, "Snowflake/snowflake-arctic-embed-xs", 10, 1000, 42.0, CancellationToken.None);
        await builds.ProgressAsync(failed.Id, 10, 3, CancellationToken.None);
        await builds.FinishAsync(failed.Id, ModelBuild.Failed, "killed in a test", CancellationToken.None);

        using var alice = Service.Client("alice", OperatorPassword);
        var document = new HtmlParser().ParseDocument(await alice.GetStringAsync("/hangfire/pipeline/models"));

        Assert.Contains(document.QuerySelectorAll(".navbar a"), a => a.TextContent.Trim() == "Models");
        var registry = document.QuerySelectorAll("#pipeline-registry tbody tr").Select(r => r.GetAttribute("data-model")!).ToList();
        Assert.Equal(Embeddings.ModelRegistry.Ids.ToList(), registry);
        var arctic = document.QuerySelector($"#pipeline-registry tr[data-model='{Arctic}']")!.QuerySelectorAll("td").Select(td => td.TextContent).ToList();
        Assert.Equal(["Snowflake/snowflake-arctic-embed-xs", "384", "cls", "yes", Embeddings.ModelRegistry.Get(Arctic).Sha256[..12] + "…"], arctic.Skip(1));
        var panel = document.QuerySelector($".panel[data-job='{Job}']")!;
        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2-int8", panel.QuerySelector(".active-model")!.TextContent);
        Assert.Equal(["sentence-transformers/all-MiniLM-L6-v2-int8", vectors.ToString(System.Globalization.CultureInfo.InvariantCulture), "active"],
            panel.QuerySelectorAll($"#pipeline-vectors-{Job} tbody tr td").Select(td => td.TextContent));
        var build = panel.QuerySelector($"tr[data-build='{failed.Id}']")!.QuerySelectorAll("td").Select(td => td.TextContent).ToList();
        Assert.Equal([$"#{failed.Id}", "Snowflake/snowflake-arctic-embed-xs", "failed", "3 / 10", "30%"], build.Take(5));
        Assert.Equal(("42.0 s", "killed in a test"), (build[6], build[7]));
        Assert.Null(document.QuerySelector("meta[http-equiv=refresh]"));

        // An open build: its progress, and the page reloads itself while it lasts.
        var open = await builds.OpenAsync(Job, source, "Snowflake/snowflake-arctic-embed-xs", 10, 1000, 42.0, CancellationToken.None);
        try
        {
            var reloading = new HtmlParser().ParseDocument(await alice.GetStringAsync("/hangfire/pipeline/models"));
            Assert.Equal("building", reloading.QuerySelector($"tr[data-build='{open.Id}']")!.GetAttribute("data-status"));
            Assert.StartsWith($"{ModelsPageHtml.RefreshSeconds};url=", reloading.QuerySelector("meta[http-equiv=refresh]")!.GetAttribute("content"));
        }
        finally
        {
            await builds.FinishAsync(open.Id, ModelBuild.Cancelled, "test", CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_viewer_sees_the_page_without_forms_and_its_posts_are_forbidden()
    {
        using var alice = Service.Client("alice", OperatorPassword);
        var (field, token) = FormToken(await alice.GetStringAsync("/hangfire/pipeline/models"));
        using var bob = Service.Client("bob", ReadOnlyPassword);
        using var page = await bob.GetAsync("/hangfire/pipeline/models");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("sentence-transformers/all-MiniLM-L6-v2-int8", html);
        Assert.DoesNotContain("<form", html);
        Assert.DoesNotContain("<button", new HtmlParser().ParseDocument(html).QuerySelector(".panel")!.OuterHtml);

        // Bob's own antiforgery token (from a page of his session), so only the role can refuse him.
        var (header, bobToken) = await DashboardService.AntiforgeryAsync(bob, "/hangfire/pipeline/models");
        foreach (var action in new[] { "plan", "build", "activate", "drop" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/hangfire/pipeline/models/{Job}/{action}")
            {
                Content = new FormUrlEncodedContent([new("model", Arctic)]),
            };
            request.Headers.Add(header, bobToken);
            using var response = await bob.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.NotEmpty(field + token);
        await using var dataSource = Storage.PipelineDataSource.Create(fixture.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM pipeline.model_builds WHERE status = 'building'");
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Activate_refused_shows_the_reason_and_plan_shows_the_figures()
    {
        using var alice = Service.Client("alice", OperatorPassword);
        var (field, token) = FormToken(await alice.GetStringAsync("/hangfire/pipeline/models"));

        using var activate = await alice.PostAsync($"/hangfire/pipeline/models/{Job}/activate",
            new FormUrlEncodedContent([new(field, token), new("model", Arctic), new("force", "true")]));
        var refusal = new HtmlParser().ParseDocument(await activate.Content.ReadAsStringAsync()).QuerySelector("#pipeline-models-result");
        Assert.Equal(HttpStatusCode.Conflict, activate.StatusCode);
        Assert.Contains("alert-danger", refusal!.ClassName);
        Assert.Contains("have no Snowflake/snowflake-arctic-embed-xs vector", refusal.TextContent);
        Assert.Contains($"Build them first: ./pipeline models build {Job} --model {Arctic}", refusal.TextContent);

        using var plan = await alice.PostAsync($"/hangfire/pipeline/models/{Job}/plan", new FormUrlEncodedContent([new(field, token), new("model", Arctic)]));
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        var figures = new HtmlParser().ParseDocument(await plan.Content.ReadAsStringAsync()).QuerySelectorAll("#pipeline-plan dd")
            .ToDictionary(d => d.GetAttribute("data-figure")!, d => d.TextContent);
        await using var dataSource = Storage.PipelineDataSource.Create(fixture.ConnectionString);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM pipeline.chunks");
        Assert.Equal(((long)(await count.ExecuteScalarAsync())!).ToString(System.Globalization.CultureInfo.InvariantCulture), figures["chunks"]);
        Assert.Equal(figures["chunks"], figures["to-embed"]);
        Assert.True(double.Parse(figures["tokens-per-second"], System.Globalization.CultureInfo.InvariantCulture) > 0, figures["tokens-per-second"]);
        Assert.True(long.Parse(figures["tokens"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("estimated-minutes", figures.Keys);

        using var dropActive = await alice.PostAsync($"/hangfire/pipeline/models/{Job}/drop",
            new FormUrlEncodedContent([new(field, token), new("model", "all-MiniLM-L6-v2-int8")]));
        Assert.Equal(HttpStatusCode.Conflict, dropActive.StatusCode);
        Assert.Contains("is the active model of job", await dropActive.Content.ReadAsStringAsync());
    }

    /// <summary>The antiforgery field of the page's first form, as the browser submits it.</summary>
    private static (string Field, string Token) FormToken(string html)
    {
        var input = new HtmlParser().ParseDocument(html).QuerySelector("form input[type=hidden]") as IHtmlInputElement
            ?? throw new InvalidOperationException("no form on the page: " + html[..Math.Min(1500, html.Length)]);
        return (input.Name!, input.Value);
    }
}
