using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Ingestion;

/// <summary>What a source logs (its retries above all) reaches the service's own log providers.</summary>
public sealed class SourceLoggingTests
{
    [Fact]
    public async Task A_connector_retry_is_logged_through_the_service_logger()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        var patVar = $"TEST_JIRA_PAT_{Guid.NewGuid().ToString("N").ToUpperInvariant()}";
        Environment.SetEnvironmentVariable(patVar, "the-token");
        jira.RequirePersonalAccessToken("the-token");
        var log = new CollectingLoggerProvider();
        await using var harness = await PipelineHarness.CreateAsync("source_log", jobs => File.WriteAllText(jobs.File("jira.json"), $$"""
            { "name": "jira-log", "schedule": "0 * * * *",
              "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "jql": "project = FIX", "patEnv": "{{patVar}}" } }
            """), services => services.AddSingleton<ILoggerProvider>(log));
        jira.ThrottleNext(1, retryAfter: "1");

        var run = await harness.Services.GetRequiredService<JobIngestion>().RunAsync("jira-log", "test", null, CancellationToken.None);

        Assert.Equal(2, run.Documents.New);
        Assert.Contains(log.Entries, e => e.Category.StartsWith("Pipeline.Connectors.", StringComparison.Ordinal)
            && e.Level == LogLevel.Warning && e.Message.Contains("retry 1", StringComparison.Ordinal));
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
