using Microsoft.AspNetCore.Builder;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Web;

namespace Pipeline.Host.Tests.Metrics;

/// <summary>The real service (Kestrel on 127.0.0.1, Hangfire on a fresh test database) with extra configuration arguments.</summary>
public sealed class MetricsService : IAsyncDisposable
{
    private MetricsService(WebApplication app, TempFolder jobs, string connectionString, Uri address)
    {
        App = app;
        Jobs = jobs;
        ConnectionString = connectionString;
        Http = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }

    public TempFolder Jobs { get; }

    public string ConnectionString { get; }

    public HttpClient Http { get; }

    /// <param name="writeJobs">Writes job files into the jobs folder before the service starts.</param>
    /// <param name="configuration">Extra <c>--KEY=value</c> arguments, e.g. <c>--PIPELINE_METRICS_TOKEN=...</c>.</param>
    public static async Task<MetricsService> StartAsync(string name, Action<TempFolder>? writeJobs = null, params string[] configuration)
    {
        var jobs = new TempFolder();
        writeJobs?.Invoke(jobs);
        var connectionString = await TestCluster.CreateDatabaseAsync(name);
        var settings = new PipelineSettings { ConnectionString = connectionString, DataDirectory = jobs.File(".data"), JobsDirectory = jobs.Path, HomeDirectory = jobs.Path };
        var app = ServiceHost.Build(settings, connectionString, TestServiceArgs.Loopback(configuration));
        var addresses = await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, CancellationToken.None);
        return new MetricsService(app, jobs, connectionString, new Uri(addresses.First()));
    }

    /// <summary>GET /metrics, as a scraper asks for it; <paramref name="forwardedFor"/> makes the client remote via a local proxy.</summary>
    public async Task<HttpResponseMessage> ScrapeAsync(string? forwardedFor = null, string? bearer = null, string path = "/metrics")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/plain; version=0.0.4");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        return await Http.SendAsync(request);
    }

    /// <param name="saveAs">Keeps the raw text under the test output's metrics/ folder, to read what a scraper got.</param>
    public async Task<PrometheusExposition> ScrapeParsedAsync(string? saveAs = null)
    {
        using var response = await ScrapeAsync();
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        if (saveAs is not null)
        {
            var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "metrics")).FullName;
            await File.WriteAllTextAsync(Path.Combine(folder, saveAs), text);
        }
        return PrometheusText.Parse(text);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        // Hangfire's connections sit idle in Npgsql's global pools for minutes; the test cluster allows 50 in all.
        // Safe here: the metrics tests run alone (MetricsCollection).
        Npgsql.NpgsqlConnection.ClearAllPools();
        Jobs.Dispose();
    }
}
