using System.Net;
using AngleSharp.Html.Parser;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Dashboard;

/// <summary>
/// Access to the real service over HTTP, with local requests distrusted (PIPELINE_DASHBOARD_TRUST_LOCAL=false), so
/// every request from 127.0.0.1 is treated as a remote one.
/// </summary>
public sealed class DashboardAccessTests(DashboardAccessTests.RemoteDashboard remote) : IClassFixture<DashboardAccessTests.RemoteDashboard>
{
    private const string Job = "access-test";
    private const string OperatorPassword = "operator pass ✓";
    private const string ReadOnlyPassword = "read-only pass";
    private static readonly string[] Pages = ["/hangfire/pipeline/sources", "/hangfire/pipeline/runs", "/hangfire/pipeline/quality",
        "/hangfire/pipeline/dead-letters", "/hangfire/pipeline/drift"];

    private DashboardService Service => remote.Service;

    private string ConnectionString => remote.ConnectionString;

    /// <summary>One service for the class: the shared test cluster has few connections, and Hangfire holds several.</summary>
    public sealed class RemoteDashboard : IAsyncLifetime
    {
        private readonly TempFolder _documents = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        private readonly TempFolder _jobs = new();
        private DashboardService? _service;

        public DashboardService Service => _service!;

        public string ConnectionString { get; private set; } = "";

        public async Task InitializeAsync()
        {
            File.WriteAllText(_jobs.File(Job + ".json"), $$"""
                { "name": "{{Job}}", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{_documents.Path}}" } }
                """);
            ConnectionString = await TestCluster.CreateDatabaseAsync("dashaccess");
            var users = $"alice:operator:{DashboardPasswordHash.Create(OperatorPassword, DashboardPasswordHash.MinimumIterations)};" +
                $"bob:read-only:{DashboardPasswordHash.Create(ReadOnlyPassword, DashboardPasswordHash.MinimumIterations)}";
            _service = await DashboardService.StartAsync(ConnectionString, _jobs.Path,
                $"--{DashboardAccessOptions.TrustLocalKey}=false", $"--{DashboardAccessOptions.UsersKey}={users}");
        }

        public async Task DisposeAsync()
        {
            if (_service is not null)
            {
                await _service.DisposeAsync();
            }
            _documents.Dispose();
            _jobs.Dispose();
        }
    }

    [Fact]
    public async Task Anonymous_and_wrong_password_requests_get_401_with_a_basic_challenge()
    {
        var jobsBefore = EnqueuedOrDone();
        foreach (var client in new[] { Service.Client(), Service.Client("alice", ReadOnlyPassword), Service.Client("mallory", OperatorPassword) })
        {
            using (client)
            {
                foreach (var path in new[] { "/hangfire", "/hangfire/pipeline/sources", "/hangfire/recurring" })
                {
                    using var response = await client.GetAsync(path);
                    Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                    Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
                }
                using var post = await client.PostAsync($"/hangfire/pipeline/sources/{Job}/sync", null);
                Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
            }
        }
        // Endpoints outside the dashboard keep their own rules.
        using var health = await Service.Client().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(jobsBefore, EnqueuedOrDone());
    }

    [Fact]
    public async Task A_read_only_user_sees_every_page_without_buttons_and_its_posts_are_forbidden()
    {
        var jobsBefore = EnqueuedOrDone();
        using var bob = Service.Client("bob", ReadOnlyPassword);
        foreach (var page in Pages)
        {
            using var response = await bob.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            var menu = new HtmlParser().ParseDocument(html).QuerySelectorAll(".navbar a").Select(a => a.TextContent.Trim()).ToList();
            Assert.True(new[] { "Sources", "Runs", "Quality", "Dead letters", "Drift" }.All(menu.Contains), $"menu of {page}: {string.Join(", ", menu)}");
            Assert.DoesNotContain("data-ajax=\"/hangfire/pipeline", html);
        }
        Assert.Contains(Job, await bob.GetStringAsync("/hangfire/pipeline/sources"));
        // Hangfire's own buttons follow the same role.
        Assert.DoesNotContain("Trigger now", await bob.GetStringAsync("/hangfire/recurring"));

        var (header, token) = await DashboardService.AntiforgeryAsync(bob);
        foreach (var path in new[] { $"/hangfire/pipeline/sources/{Job}/sync", "/hangfire/pipeline/dead-letters/replay-all", "/hangfire/pipeline/dead-letters/1/replay" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path);
            request.Headers.Add(header, token);
            using var response = await bob.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.Equal(jobsBefore, EnqueuedOrDone());
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_rejected_even_for_an_operator()
    {
        var jobsBefore = EnqueuedOrDone();
        using var alice = Service.Client("alice", OperatorPassword);
        Assert.Contains("Trigger now", await alice.GetStringAsync("/hangfire/recurring"));
        var (header, token) = await DashboardService.AntiforgeryAsync(alice);

        using var bare = await alice.PostAsync($"/hangfire/pipeline/sources/{Job}/sync", null);
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/hangfire/pipeline/sources/{Job}/sync");
        forged.Headers.Add(header, token[..^4] + "AAAA");
        using var forgedResponse = await alice.SendAsync(forged);
        // A token taken from another user's session does not fit this one's cookie.
        using var other = Service.Client("alice", OperatorPassword);
        using var stolen = new HttpRequestMessage(HttpMethod.Post, $"/hangfire/pipeline/sources/{Job}/sync");
        stolen.Headers.Add(header, token);
        using var stolenResponse = await other.SendAsync(stolen);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            (bare.StatusCode, forgedResponse.StatusCode, stolenResponse.StatusCode));
        Assert.Equal(jobsBefore, EnqueuedOrDone());
    }

    [Fact]
    public async Task An_operator_with_the_token_queues_a_sync_that_runs_and_an_unknown_job_is_404()
    {
        using var alice = Service.Client("alice", OperatorPassword);
        var (header, token) = await DashboardService.AntiforgeryAsync(alice);
        using var unknown = new HttpRequestMessage(HttpMethod.Post, "/hangfire/pipeline/sources/no-such-job/sync");
        unknown.Headers.Add(header, token);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.SendAsync(unknown)).StatusCode);

        using var sync = new HttpRequestMessage(HttpMethod.Post, $"/hangfire/pipeline/sources/{Job}/sync");
        sync.Headers.Add(header, token);
        using var response = await alice.SendAsync(sync);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        await using var dataSource = Storage.PipelineDataSource.Create(ConnectionString);
        var status = await DashboardWait.ForAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                $"SELECT status FROM pipeline.runs WHERE job_name = '{Job}' AND trigger = '{PipelinePages.Trigger}' ORDER BY id DESC LIMIT 1");
            return await command.ExecuteScalarAsync() as string;
        }, s => s is "succeeded" or "failed", TimeSpan.FromMinutes(3));
        Assert.Equal("succeeded", status);
        var sources = await alice.GetStringAsync("/hangfire/pipeline/sources");
        Assert.DoesNotContain(">never<", sources);
    }

    [Fact]
    public async Task Confirm_deletions_is_an_operator_post_with_the_token_that_queues_the_confirming_sync()
    {
        const string path = $"/hangfire/pipeline/sources/{Job}/confirm-deletions";
        using var bob = Service.Client("bob", ReadOnlyPassword);
        var (bobHeader, bobToken) = await DashboardService.AntiforgeryAsync(bob);
        using var readOnly = new HttpRequestMessage(HttpMethod.Post, path);
        readOnly.Headers.Add(bobHeader, bobToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.SendAsync(readOnly)).StatusCode);
        using var alice = Service.Client("alice", OperatorPassword);
        using var bare = await alice.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
        var (header, token) = await DashboardService.AntiforgeryAsync(alice);
        using var unknown = new HttpRequestMessage(HttpMethod.Post, "/hangfire/pipeline/sources/no-such-job/confirm-deletions");
        unknown.Headers.Add(header, token);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.SendAsync(unknown)).StatusCode);

        using var confirm = new HttpRequestMessage(HttpMethod.Post, path);
        confirm.Headers.Add(header, token);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.SendAsync(confirm)).StatusCode);

        var monitoring = Service.App.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var ran = await DashboardWait.ForAsync(() => Task.FromResult(
                monitoring.SucceededJobs(0, 100).Any(j => j.Value.Job?.Method.Name == nameof(global::Pipeline.Host.Scheduling.IngestJob.RunConfirmingDeletionsAsync)
                    && (string?)j.Value.Job.Args[0] == Job)),
            done => done, TimeSpan.FromMinutes(3));
        Assert.True(ran, "the confirming sync did not run");
    }

    private long EnqueuedOrDone()
    {
        var statistics = Service.App.Services.GetRequiredService<JobStorage>().GetMonitoringApi().GetStatistics();
        return statistics.Enqueued + statistics.Processing + statistics.Succeeded + statistics.Failed + statistics.Scheduled;
    }
}
