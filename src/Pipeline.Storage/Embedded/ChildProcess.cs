using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Pipeline.Storage.Embedded;

/// <summary>Runs initdb, pg_ctl and friends with captured output, a deadline and a predictable environment.</summary>
internal static class ChildProcess
{
    // pg_ctl hands the daemon /dev/null and the log file, so pipes close when pg_ctl exits. Should a future
    // child leak them to a daemon anyway, we stop waiting instead of hanging the CLI forever.
    private static readonly TimeSpan PipeDrainGrace = TimeSpan.FromSeconds(2);

    public static async Task<CommandResult> RunAsync(CommandLine command, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = StartInfo(command) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new EmbeddedPostgresException($"Could not run '{command.FileName}': {ex.Message}", ex);
        }

        // An empty, closed stdin: no child may ever block on (or inherit) the caller's terminal.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new EmbeddedPostgresException($"'{command}' did not finish within {timeout.TotalSeconds:0} s and was killed");
        }

        var drained = Task.WhenAll(stdout, stderr);
        if (await Task.WhenAny(drained, Task.Delay(PipeDrainGrace, CancellationToken.None)) != drained)
            logger.ChildOutputLeftOpen(command.ToString());

        return new CommandResult(process.ExitCode, TextOf(stdout), TextOf(stderr));
    }

    private static ProcessStartInfo StartInfo(CommandLine command)
    {
        var info = new ProcessStartInfo(command.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = command.WorkingDirectory,
        };
        foreach (var argument in command.Arguments)
            info.ArgumentList.Add(argument);

        // PGDATA, PGPORT, PGOPTIONS... from the user's shell must not redirect our cluster; C locale keeps
        // messages English for the error text we surface. The server started by pg_ctl inherits this too.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(name);
        info.Environment["LC_ALL"] = "C";
        return info;
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the deadline and the kill: nothing left to stop.
        }
    }

    private static string TextOf(Task<string> read) => read.IsCompletedSuccessfully ? read.Result : "";
}
