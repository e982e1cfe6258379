using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Pipeline.Storage.Embedded;

/// <summary>Starts and stops the server through pg_ctl, which daemonizes it and waits for it to be ready or gone.</summary>
[SupportedOSPlatform("linux")]
internal sealed class PgCtl(ClusterLayout layout, EmbeddedPostgresOptions options, ServiceAccount account, ILogger logger)
{
    private const long MaxLogBytes = 10 * 1024 * 1024;

    // pg_ctl enforces StartTimeout itself (-t) and says so; ours is only the backstop.
    private static readonly TimeSpan Backstop = TimeSpan.FromSeconds(15);

    /// <summary>
    /// -l makes pg_ctl launch the server with stdin from /dev/null and output appended to the log, in its own
    /// session, so the daemon holds none of our pipes and survives us. Other inherited descriptors: see
    /// <see cref="InheritedDescriptors"/>.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        RotateLog();
        InheritedDescriptors.StopInheritance();
        return RunAsync(["start", "-D", layout.ClusterDirectory, "-l", layout.LogFile, "-w", "-t", Seconds, "-s"], cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        RunAsync(["stop", "-D", layout.ClusterDirectory, "-m", "fast", "-w", "-t", Seconds, "-s"], cancellationToken);

    private string Seconds => ((int)Math.Ceiling(options.StartTimeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var command = account.Command(new PgBinaries(options.BinDirectory).PgCtl, arguments, layout.Root);
        var result = await ChildProcess.RunAsync(command, options.StartTimeout + Backstop, logger, cancellationToken);
        if (!result.Succeeded)
            throw new EmbeddedPostgresException(
                $"'{command}' failed (exit {result.ExitCode}):{Environment.NewLine}{Tail.Of(result.StandardError + "\n" + result.StandardOutput)}" +
                $"{Environment.NewLine}Server log {layout.LogFile} ends with:{Environment.NewLine}{Tail.OfFile(layout.LogFile)}");
    }

    // The server appends to the log on every start and never trims it; we only rotate while it is stopped.
    private void RotateLog()
    {
        var log = new FileInfo(layout.LogFile);
        if (log.Exists && log.Length > MaxLogBytes)
            log.MoveTo(layout.LogFile + ".1", overwrite: true);
    }
}
