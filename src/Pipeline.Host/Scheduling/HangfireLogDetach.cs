using Hangfire.Logging;
using Microsoft.Extensions.Hosting;

namespace Pipeline.Host.Scheduling;

/// <summary>
/// Hangfire's log provider is process-wide and points at the host's logger factory, which the host disposes when it
/// stops. Detaching it once the Hangfire servers have stopped keeps a later host in the same process (tests, a
/// restarted service) from logging through a disposed factory before it sets its own.
/// </summary>
public sealed class HangfireLogDetach : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        LogProvider.SetCurrentLogProvider(null);
        return Task.CompletedTask;
    }
}
