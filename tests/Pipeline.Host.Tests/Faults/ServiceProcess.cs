using System.Diagnostics;
using System.Text;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Faults;

/// <summary>A real <c>pipeline serve</c> child process on a free loopback port; killed on dispose.</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ServiceProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        // Read to the end so a chatty service never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
    }

    public Uri BaseAddress { get; }

    public int Pid => _process.Id;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts the service and waits until it prints where its dashboard listens.</summary>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var process = CliProcess.Start(environment, "serve", "--urls", "http://127.0.0.1:0");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            // The banner's "  dashboard:  http://127.0.0.1:PORT/hangfire"
            if (line.TrimStart().StartsWith("dashboard:", StringComparison.Ordinal))
            {
                var url = line.TrimStart()["dashboard:".Length..].Trim().Split(' ', 2)[0];
                return new ServiceProcess(process, new Uri(url[..url.LastIndexOf("/hangfire", StringComparison.Ordinal)]));
            }
        }
        var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
        throw new InvalidOperationException($"pipeline serve exited before listening: {stderr}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        _process.Dispose();
    }
}
