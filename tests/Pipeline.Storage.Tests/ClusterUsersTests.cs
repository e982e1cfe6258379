using System.Diagnostics;
using System.Runtime.Versioning;
using Pipeline.Storage.Embedded;

namespace Pipeline.Storage.Tests;

/// <summary>
/// Stopping a cluster that other processes use: real helper processes hold it (see <see cref="HelperProgram.HoldVerb"/>),
/// each test in its own copy of a template cluster.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ClusterUsersTests(ClusterTemplate template) : IClassFixture<ClusterTemplate>, IAsyncLifetime
{
    private TempDataDirectory data = null!;

    public async Task InitializeAsync() => data = await template.CopyAsync();

    public async Task DisposeAsync() => await data.DisposeAsync();

    [Fact]
    public async Task Stop_is_refused_while_another_process_uses_the_cluster_and_names_it_then_succeeds_once_it_exits()
    {
        using var holder = await StartHolderAsync();
        var postgres = data.NewPostgres();

        var refused = await postgres.StopAsync(CancellationToken.None);

        Assert.Equal(ClusterStopOutcome.RefusedInUse, refused.Outcome);
        var user = Assert.Single(refused.Users);
        Assert.Equal(holder.Id, user.Pid);
        Assert.Equal($"{typeof(HelperProgram).Assembly.GetName().Name} {HelperProgram.HoldVerb}", user.Command);
        Assert.True(postgres.IsRunning);

        holder.StandardInput.Close(); // a clean exit removes its registration
        await holder.WaitForExitAsync();
        Assert.Equal(0, holder.ExitCode);
        Assert.False(File.Exists(RegistrationOf(holder.Id)));

        var stopped = await postgres.StopAsync(CancellationToken.None);
        Assert.Equal(ClusterStopOutcome.Stopped, stopped.Outcome);
        Assert.Empty(stopped.Users);
        Assert.False(postgres.IsRunning);
    }

    [Fact]
    public async Task A_killed_user_leaves_a_stale_registration_that_does_not_block_stop_and_is_removed()
    {
        using var holder = await StartHolderAsync();
        holder.Kill();
        await holder.WaitForExitAsync();
        Assert.True(File.Exists(RegistrationOf(holder.Id))); // SIGKILL: no chance to clean up

        var postgres = data.NewPostgres();
        var stopped = await postgres.StopAsync(CancellationToken.None);

        Assert.Equal(ClusterStopOutcome.Stopped, stopped.Outcome);
        Assert.False(postgres.IsRunning);
        Assert.False(File.Exists(RegistrationOf(holder.Id)));
    }

    [Fact]
    public async Task Forced_stop_stops_the_server_under_its_users_and_names_them()
    {
        using var holder = await StartHolderAsync();
        var postgres = data.NewPostgres();

        var stopped = await postgres.StopAsync(force: true, CancellationToken.None);

        Assert.Equal(ClusterStopOutcome.Stopped, stopped.Outcome);
        Assert.Equal(holder.Id, Assert.Single(stopped.Users).Pid);
        Assert.False(postgres.IsRunning);
        holder.StandardInput.Close();
        await holder.WaitForExitAsync();
    }

    [Fact]
    public async Task A_registration_whose_pid_now_belongs_to_another_process_is_stale()
    {
        var postgres = data.NewPostgres();
        await postgres.EnsureStartedAsync(CancellationToken.None); // this process's own registration never blocks it
        using var unrelated = Process.Start("sleep", "60");
        try
        {
            var identity = ProcessIdentity.Of(unrelated.Id)!;
            await WriteRegistrationAsync(unrelated.Id, identity.StartTicks + 1, identity.BootId); // the pid was reused
            Assert.Empty(postgres.OtherUsers());
            Assert.False(File.Exists(RegistrationOf(unrelated.Id)));

            await WriteRegistrationAsync(unrelated.Id, identity.StartTicks, identity.BootId); // the very process
            Assert.Equal(unrelated.Id, Assert.Single(postgres.OtherUsers()).Pid);

            await WriteRegistrationAsync(unrelated.Id, identity.StartTicks, Guid.NewGuid().ToString()); // before a reboot
            Assert.Empty(postgres.OtherUsers());
        }
        finally
        {
            unrelated.Kill();
        }
        Assert.Equal(ClusterStopOutcome.Stopped, (await postgres.StopAsync(CancellationToken.None)).Outcome);
    }

    private string RegistrationOf(int pid) => Path.Combine(data.Path, "users", $"{pid}.json");

    private async Task<Process> StartHolderAsync()
    {
        var command = ExternalCommand.HelperProcessCommand(HelperProgram.HoldVerb, data.Path);
        var info = new ProcessStartInfo(command[0]) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in command[1..])
            info.ArgumentList.Add(argument);
        var process = Process.Start(info)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var connectionString = await process.StandardOutput.ReadLineAsync(deadline.Token);
        Assert.False(string.IsNullOrEmpty(connectionString), "the holder exited before starting the cluster");
        return process;
    }

    private async Task WriteRegistrationAsync(int pid, long startTicks, string bootId) =>
        await File.WriteAllTextAsync(RegistrationOf(pid),
            $$"""{"pid":{{pid}},"startTicks":{{startTicks}},"bootId":"{{bootId}}","command":"sleep","since":"2026-01-01T00:00:00Z"}""");
}
