using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Webhooks;

namespace Pipeline.Host.Tests.Web;

/// <summary>
/// The console of the real <c>serve</c> process: a short banner, then one line per run start and finish (no framework
/// chatter) by default; every line a JSON object with <c>PIPELINE_LOG_FORMAT=json</c>, framework logs included at
/// Information; and no secret in either, whatever the service is handed (database password, Jira token, webhook
/// secret, API key, redaction key).
/// </summary>
public sealed class ServiceConsoleTests
{
    private const string WebhookSecret = "webhook-secret-0f3a9c81d2";
    private const string JiraToken = "jira-api-token-7be41d09aa";
    private const string ApiKey = "api-key-for-console-test-5c2e8f";
    private const string RedactionKey = "redaction-key-for-console-test-9d8c7b6a5f4e";

    [Fact]
    public async Task By_default_the_console_shows_a_banner_and_each_runs_start_and_finish_and_nothing_of_the_frameworks()
    {
        await using var service = await ConsoleService.StartAsync("console_text", new Dictionary<string, string>());

        await service.TriggerRunAsync();
        var output = await service.StopAsync();

        Assert.Contains("pipeline service started", output.Stdout);
        Assert.Matches(@"dashboard: +http://127\.0\.0\.1:\d+/hangfire", output.Stdout);
        Assert.Matches(@"database: +PIPELINE_DB at 127\.0\.0\.1:\d+, database console_text", output.Stdout);
        Assert.Contains("jobs:       1 from", output.Stdout);
        Assert.Contains("tickets", output.Stdout);
        Assert.Contains("workers:    2 for syncs, 2 for webhooks", output.Stdout);
        Assert.Matches(@"info: Pipeline\.Host\.Ingestion\.IngestionRunner\[\d+\] Run \d+ of job tickets started", output.Stdout);
        Assert.Matches(@"Run \d+ finished: 1 seen", output.Stdout);
        Assert.DoesNotContain("info: Microsoft", output.Stdout);
        Assert.DoesNotContain("info: Hangfire", output.Stdout);
        Assert.DoesNotContain("Now listening on", output.Stdout);
        var lines = output.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length <= 16, "a quiet console:\n" + output.Stdout);
        service.AssertNoSecret(output);
    }

    [Fact]
    public async Task With_json_format_every_line_is_one_json_object_framework_logs_appear_at_information_and_no_secret_is_in_them()
    {
        await using var service = await ConsoleService.StartAsync("console_json", new Dictionary<string, string>
        {
            ["PIPELINE_LOG_FORMAT"] = "json",
            ["PIPELINE_LOG_LEVEL"] = "Information",
        });

        await service.TriggerRunAsync();
        var output = await service.StopAsync();

        var entries = output.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            return (Category: json.RootElement.GetProperty("Category").GetString()!, Message: json.RootElement.GetProperty("Message").GetString()!);
        }).ToList();
        Assert.Contains(entries, e => e.Category == "Pipeline.Service.Banner" && e.Message.StartsWith("dashboard:", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Category == "Pipeline.Host.Ingestion.IngestionRunner" && e.Message.Contains("of job tickets started", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Category.StartsWith("Microsoft.", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Category.StartsWith("Hangfire", StringComparison.Ordinal));
        service.AssertNoSecret(output);
    }

    [Fact]
    public async Task A_log_format_or_level_that_names_nothing_stops_start_up_with_a_message_naming_the_setting()
    {
        var result = await CliProcess.RunAsync(new Dictionary<string, string> { ["PIPELINE_LOG_FORMAT"] = "xml", ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("console_bad") },
            "serve", "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("PIPELINE_LOG_FORMAT: 'xml' is not a format", result.Stderr + result.Stdout);
    }

    private sealed record ConsoleOutput(string Stdout, string Stderr);

    /// <summary>
    /// <c>serve</c> as a child process over a Jira job against the Kestrel fake, with every kind of secret configured.
    /// </summary>
    private sealed class ConsoleService : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stdout = new();
        private readonly StringBuilder _stderr = new();
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly TempFolder _jobs;
        private readonly FakeJira _jira;
        private readonly string _databasePassword;
        private Uri? _address;

        private ConsoleService(Process process, TempFolder jobs, FakeJira jira, string databasePassword)
        {
            (_process, _jobs, _jira, _databasePassword) = (process, jobs, jira, databasePassword);
            _process.OutputDataReceived += (_, e) => Collect(e.Data, _stdout);
            _process.ErrorDataReceived += (_, e) => Collect(e.Data, _stderr);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public static async Task<ConsoleService> StartAsync(string database, Dictionary<string, string> environment)
        {
            var jira = await FakeJira.StartAsync();
            jira.SeedFromFixtures(1);
            jira.RequireApiToken("bot@example.com", JiraToken);
            var jobs = new TempFolder();
            File.WriteAllText(jobs.File("tickets.json"), $$"""
                { "name": "tickets", "schedule": "0 3 * * *",
                  "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"], "emailEnv": "CONSOLE_JIRA_EMAIL", "tokenEnv": "CONSOLE_JIRA_TOKEN",
                              "webhookSecretEnv": "CONSOLE_WEBHOOK_SECRET" } }
                """);
            var connectionString = await TestCluster.CreateDatabaseAsync(database);
            environment["PIPELINE_DB"] = connectionString;
            environment["PIPELINE_JOBS_DIR"] = jobs.Path;
            environment["PIPELINE_DATA_DIR"] = jobs.File(".data");
            environment["CONSOLE_JIRA_EMAIL"] = "bot@example.com";
            environment["CONSOLE_JIRA_TOKEN"] = JiraToken;
            environment["CONSOLE_WEBHOOK_SECRET"] = WebhookSecret;
            environment["PIPELINE_API_KEYS"] = "rag:" + DashboardPasswordHash.Create(ApiKey, DashboardPasswordHash.MinimumIterations);
            environment["PIPELINE_REDACTION_KEY"] = RedactionKey;
            var process = CliProcess.Start(environment, "serve", "--urls", "http://127.0.0.1:0");
            var service = new ConsoleService(process, jobs, jira, new NpgsqlConnectionStringBuilder(connectionString).Password!);
            await service.WaitForBannerAsync();
            return service;
        }

        /// <summary>A signed webhook re-ingests the issue (a run: its start and finish lines); an API call with the key.</summary>
        public async Task TriggerRunAsync()
        {
            using var http = new HttpClient { BaseAddress = _address };
            var body = Encoding.UTF8.GetBytes("""{"webhookEvent":"jira:issue_updated","issue":{"key":"FIX-1"}}""");
            using var request = Webhooks.SignedDelivery.Request("/webhooks/jira", body, WebhookSecret);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            using var search = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=valve&k=3");
            search.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
            search.Headers.Add("X-Forwarded-For", "203.0.113.9");
            using var searched = await http.SendAsync(search);
            await WaitForLineAsync(line => line.Contains("finished:", StringComparison.Ordinal));
        }

        public async Task<ConsoleOutput> StopAsync()
        {
            if (!_process.HasExited)
            {
                // SIGTERM, as a service manager stops it (SIGINT is ignored by processes a non-interactive shell put in
                // the background, as CI runners do); the output is what is judged, so a slow exit is killed, not failed.
                Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
            _process.WaitForExit();
            lock (_stdout)
            {
                return new ConsoleOutput(_stdout.ToString(), _stderr.ToString());
            }
        }

        public void AssertNoSecret(ConsoleOutput output)
        {
            foreach (var secret in new[] { _databasePassword, JiraToken, WebhookSecret, ApiKey, RedactionKey })
            {
                Assert.DoesNotContain(secret, output.Stdout);
                Assert.DoesNotContain(secret, output.Stderr);
            }
        }

        private void Collect(string? line, StringBuilder into)
        {
            if (line is null)
            {
                return;
            }
            lock (_stdout)
            {
                into.Append(line).Append('\n');
            }
            _lines.Enqueue(line);
        }

        private async Task WaitForBannerAsync()
        {
            var line = await WaitForLineAsync(l => l.Contains("dashboard:", StringComparison.Ordinal));
            var match = System.Text.RegularExpressions.Regex.Match(line, @"http://127\.0\.0\.1:\d+");
            _address = new Uri(match.Value);
        }

        private async Task<string> WaitForLineAsync(Func<string, bool> wanted)
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline)
            {
                if (_lines.FirstOrDefault(wanted) is { } line)
                {
                    return line;
                }
                if (_process.HasExited)
                {
                    break;
                }
                await Task.Delay(100);
            }
            lock (_stdout)
            {
                throw new TimeoutException($"no such line; stdout:\n{_stdout}\nstderr:\n{_stderr}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
            await _jira.DisposeAsync();
            _jobs.Dispose();
        }
    }
}
