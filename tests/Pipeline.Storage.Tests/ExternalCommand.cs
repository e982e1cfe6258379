using System.Diagnostics;

namespace Pipeline.Storage.Tests;

/// <summary>Runs a helper program for a test, bounded so a leaked pipe or a hang fails the test instead of the run.</summary>
internal static class ExternalCommand
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // Reading to the end only finishes once every holder of the pipes is gone: a daemon keeping them would time out here.
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        return new Result(process.ExitCode, (await output).Trim(), (await error).Trim());
    }

    public static Task<Result> RunHelperProcessAsync(params string[] arguments)
    {
        var helper = HelperProcessCommand(arguments);
        return RunAsync(helper[0], helper[1..]);
    }

    /// <summary>This test assembly run as a program (see <see cref="HelperProgram"/>).</summary>
    public static string[] HelperProcessCommand(params string[] arguments) =>
        [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", "exec", typeof(HelperProgram).Assembly.Location, .. arguments];
}
