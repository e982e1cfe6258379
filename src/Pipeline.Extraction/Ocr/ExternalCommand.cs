using System.Diagnostics;
using System.Text;

namespace Pipeline.Extraction.Ocr;

/// <summary>Runs pdftoppm or tesseract with captured output; cancelling (a page timeout) kills the process.</summary>
internal static class ExternalCommand
{
    // A killed child closes its pipes at once; the bound only guards against a grandchild keeping them open.
    private static readonly TimeSpan PipeDrainGrace = TimeSpan.FromSeconds(2);

    /// <exception cref="System.ComponentModel.Win32Exception">The program is not installed.</exception>
    public static async Task<CommandOutput> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = new Process { StartInfo = info };
        process.Start();
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await KillQuietlyAsync(process);
            await DrainAsync(stdout, stderr);
            throw;
        }
        await DrainAsync(stdout, stderr);
        return new CommandOutput(process.ExitCode, TextOf(stdout), TextOf(stderr));
    }

    private static async Task DrainAsync(Task<string> stdout, Task<string> stderr)
    {
        var drained = Task.WhenAll(stdout, stderr);
        await Task.WhenAny(drained, Task.Delay(PipeDrainGrace, CancellationToken.None));
    }

    private static async Task KillQuietlyAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            // Reaped before returning, so that a timed-out page leaves no process behind.
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(PipeDrainGrace);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Exited between the deadline and the kill, or is stuck in the kernel: nothing more to do here.
        }
    }

    private static string TextOf(Task<string> read) => read.IsCompletedSuccessfully ? read.Result : string.Empty;
}
