using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Web;

namespace Pipeline.Host.Tests.Dashboard;

/// <summary>The real service (Kestrel on 127.0.0.1, Hangfire on a test database) for dashboard tests.</summary>
public sealed class DashboardService : IAsyncDisposable
{
    private readonly string _connectionString;

    private DashboardService(WebApplication app, Uri address, string connectionString)
    {
        App = app;
        Address = address;
        _connectionString = connectionString;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    /// <param name="configuration">Settings as <c>--KEY=value</c> arguments, the way the environment variables reach the service.</param>
    public static async Task<DashboardService> StartAsync(string connectionString, string jobsFolder, params string[] configuration)
    {
        var settings = new PipelineSettings { ConnectionString = connectionString, DataDirectory = Path.Combine(jobsFolder, ".data"), JobsDirectory = jobsFolder, HomeDirectory = jobsFolder };
        var app = ServiceHost.Build(settings, connectionString, TestServiceArgs.Loopback(configuration));
        var addresses = await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, CancellationToken.None);
        return new DashboardService(app, new Uri(addresses.First()), connectionString);
    }

    /// <summary>A client keeping cookies (the antiforgery cookie), signed in as <paramref name="user"/> when given.</summary>
    public HttpClient Client(string? user = null, string? password = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = Address };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
        return client;
    }

    /// <summary>The antiforgery header Hangfire's layout hands its script, read from a page the way the script reads it.</summary>
    public static async Task<(string Header, string Token)> AntiforgeryAsync(HttpClient client, string page = "/hangfire/pipeline/sources")
    {
        var html = await client.GetStringAsync(page);
        var document = new HtmlParser().ParseDocument(html);
        string Meta(string name) => document.QuerySelector($"meta[name={name}]")?.GetAttribute("content")
            ?? throw new InvalidOperationException($"no <meta name={name}> in the page: " + html[..Math.Min(1500, html.Length)]);
        return (Meta("csrf-header"), Meta("csrf-token"));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        // Hangfire opens its connections from the global pool of this connection string; the shared test cluster
        // allows 50 connections in all, so idle ones go now rather than after Npgsql's idle timeout.
        await using var connection = new Npgsql.NpgsqlConnection(_connectionString);
        Npgsql.NpgsqlConnection.ClearPool(connection);
    }
}
