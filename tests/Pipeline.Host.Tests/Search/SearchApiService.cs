using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Tests.Monitoring;
using Pipeline.Host.Web;

namespace Pipeline.Host.Tests.Search;

/// <summary>
/// The real service (Kestrel on 127.0.0.1, a test database) with two pdf-folder jobs synced through it: <c>manuals</c>
/// (getting-started, architecture) and <c>operations</c> (jobs-and-retries, incident-response).
/// </summary>
public sealed class SearchApiService : IAsyncDisposable
{
    public static readonly (string Job, string[] Samples)[] Jobs =
    [
        ("manuals", ["getting-started.pdf", "architecture.pdf"]),
        ("operations", ["operations/jobs-and-retries.pdf", "operations/incident-response.pdf"]),
    ];

    private readonly List<TempFolder> _folders;

    private SearchApiService(WebApplication app, Uri address, string connectionString, TempFolder jobs, List<TempFolder> folders)
    {
        (App, ConnectionString, JobsFolder, _folders) = (app, connectionString, jobs, folders);
        Http = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }

    public string ConnectionString { get; }

    public TempFolder JobsFolder { get; }

    public HttpClient Http { get; }

    public Dictionary<string, string> CliEnvironment => new() { ["PIPELINE_DB"] = ConnectionString, ["PIPELINE_JOBS_DIR"] = JobsFolder.Path };

    /// <param name="sync">Sync both jobs through the service before returning.</param>
    /// <param name="configuration">Settings as <c>--KEY=value</c> arguments.</param>
    public static async Task<SearchApiService> StartAsync(string database, bool sync, params string[] configuration)
    {
        var jobs = new TempFolder();
        var folders = new List<TempFolder>();
        foreach (var (job, samples) in Jobs)
        {
            var folder = new TempFolder();
            folders.Add(folder);
            foreach (var sample in samples)
            {
                MonitoredJob.CopySample(sample, folder);
            }
            File.WriteAllText(jobs.File(job + ".json"), JsonSerializer.Serialize(new { name = job, schedule = "0 2 * * *", source = new { kind = "pdf-folder", path = folder.Path } }));
        }
        var connectionString = await TestCluster.CreateDatabaseAsync(database);
        var settings = new PipelineSettings { ConnectionString = connectionString, DataDirectory = jobs.File(".data"), JobsDirectory = jobs.Path, HomeDirectory = jobs.Path };
        var app = ServiceHost.Build(settings, connectionString, TestServiceArgs.Loopback(configuration));
        var addresses = await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, CancellationToken.None);
        if (sync)
        {
            foreach (var (job, _) in Jobs)
            {
                await app.Services.GetRequiredService<JobIngestion>().RunAsync(job, "test", null, CancellationToken.None);
            }
        }
        return new SearchApiService(app, new Uri(addresses.First()), connectionString, jobs, folders);
    }

    /// <summary>GET <paramref name="pathAndQuery"/>; <paramref name="remote"/> makes the client remote through a local proxy.</summary>
    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery, bool remote = false, string? bearer = null, string? apiKeyHeader = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (remote)
        {
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (apiKeyHeader is not null)
        {
            request.Headers.Add("X-Api-Key", apiKeyHeader);
        }
        return await Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        Npgsql.NpgsqlConnection.ClearPool(connection);
        JobsFolder.Dispose();
        _folders.ForEach(f => f.Dispose());
    }
}
