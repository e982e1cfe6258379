using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Dashboard;

/// <summary>The real CLI, with the password piped in as a script would do.</summary>
public sealed class HashPasswordCommandTests
{
    [Fact]
    public async Task Hash_password_prints_a_hash_that_configures_a_user_with_the_piped_password()
    {
        var (exit, stdout, stderr) = await RunAsync("correct horse battery\n", "hash-password", "--iterations", "20000");

        Assert.True(exit == 0, stderr);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("pbkdf2-sha256$20000$", line);
        Assert.DoesNotContain("correct horse", stdout + stderr);
        var options = DashboardAccessOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create(DashboardAccessOptions.UsersKey, (string?)$"carol:operator:{line.Trim()}")]).Build());
        Assert.True(options.Find("carol")!.Password.Verify("correct horse battery"));
        Assert.False(options.Find("carol")!.Password.Verify("correct horse"));
    }

    [Fact]
    public async Task Hash_password_refuses_too_few_iterations_and_an_empty_password()
    {
        var weak = await RunAsync("pw\n", "hash-password", "--iterations", "1000");
        var empty = await RunAsync("\n", "hash-password");

        Assert.Equal(2, weak.Exit);
        Assert.Contains("--iterations must be at least 10000", weak.Stderr);
        Assert.Equal(2, empty.Exit);
        Assert.Contains("the password is empty", empty.Stderr);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(CliProcess.Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
