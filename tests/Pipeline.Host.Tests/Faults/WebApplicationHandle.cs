using Pipeline.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Pipeline.Host.Web;

namespace Pipeline.Host.Tests.Faults;

/// <summary>The real service in this process (Kestrel on a free loopback port, Hangfire servers), stopped on dispose.</summary>
public sealed class WebApplicationHandle : IAsyncDisposable
{
    private WebApplicationHandle(WebApplication app) => App = app;

    public WebApplication App { get; }

    public static async Task<WebApplicationHandle> StartAsync(PipelineSettings settings)
    {
        var app = ServiceHost.Build(settings, settings.ConnectionString!, TestServiceArgs.Loopback());
        await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, CancellationToken.None);
        return new WebApplicationHandle(app);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
