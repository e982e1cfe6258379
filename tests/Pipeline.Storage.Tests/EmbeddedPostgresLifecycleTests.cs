using System.Diagnostics;
using System.Runtime.Versioning;
using Npgsql;
using Pipeline.Storage.Embedded;

namespace Pipeline.Storage.Tests;

/// <summary>
/// Stopping, restarting and recovering. Each test gets its own data folder, hence its own cluster (a copy of a template);
/// disposal always stops it.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class EmbeddedPostgresLifecycleTests(ClusterTemplate template) : IClassFixture<ClusterTemplate>, IAsyncLifetime
{
    private TempDataDirectory data = null!;

    public async Task InitializeAsync() => data = await template.CopyAsync();

    public async Task DisposeAsync() => await data.DisposeAsync();

    [Fact]
    public async Task Start_after_stop_restarts_on_the_same_data()
    {
        var postgres = data.NewPostgres();
        var before = await postgres.EnsureStartedAsync(CancellationToken.None);
        await Sql.ExecuteAsync(before, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");

        await postgres.StopAsync(CancellationToken.None);
        Assert.False(postgres.IsRunning);
        Assert.False(File.Exists(data.Layout.PostmasterPidFile));
        Assert.Empty(ServerProcesses.PostmastersOf(data.Layout.ClusterDirectory));

        var after = await postgres.EnsureStartedAsync(CancellationToken.None);
        Assert.Equal(before, after); // same remembered port, so existing connection strings stay valid
        Assert.Equal(42, await Sql.ScalarAsync<int>(after, "SELECT id FROM kept"));
    }

    [Fact]
    public async Task Stop_is_a_no_op_when_not_running()
    {
        var postgres = data.NewPostgres();
        await postgres.StopAsync(CancellationToken.None); // created but never started in this folder
        await postgres.EnsureStartedAsync(CancellationToken.None);
        await postgres.StopAsync(CancellationToken.None);
        await postgres.StopAsync(CancellationToken.None); // already stopped
        Assert.False(postgres.IsRunning);
    }

    [Theory]
    [InlineData("dead pid")]
    [InlineData("live unrelated pid")]
    public async Task A_stale_postmaster_pid_does_not_prevent_start(string kind)
    {
        var postgres = data.NewPostgres();
        var before = await postgres.EnsureStartedAsync(CancellationToken.None);
        await postgres.StopAsync(CancellationToken.None);
        var bogusPid = kind == "dead pid" ? await ExitedPidAsync() : Environment.ProcessId;
        await File.WriteAllTextAsync(data.Layout.PostmasterPidFile,
            $"{bogusPid}\n{data.Layout.ClusterDirectory}\n1700000000\n{new NpgsqlConnectionStringBuilder(before).Port}\n{data.Layout.SocketDirectory}\n127.0.0.1\n  1234567   7654321\nready   \n");
        Assert.False(postgres.IsRunning);

        var after = await postgres.EnsureStartedAsync(CancellationToken.None);

        Assert.Equal(before, after);
        Assert.Equal(1, await Sql.ScalarAsync<int>(after, "SELECT 1"));
    }

    [Fact]
    public async Task Start_after_the_server_was_killed_recovers_the_data()
    {
        var postgres = data.NewPostgres();
        var before = await postgres.EnsureStartedAsync(CancellationToken.None);
        await Sql.ExecuteAsync(before, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");
        using (var postmaster = Process.GetProcessById(ServerProcesses.PidFromPidFile(data.Layout.ClusterDirectory)))
        {
            postmaster.Kill(); // SIGKILL: no shutdown checkpoint, postmaster.pid left behind
            await postmaster.WaitForExitAsync();
        }
        Assert.True(File.Exists(data.Layout.PostmasterPidFile));

        var after = await postgres.EnsureStartedAsync(CancellationToken.None);

        Assert.Equal(7, await Sql.ScalarAsync<int>(after, "SELECT id FROM kept"));
    }

    [Fact]
    public async Task Start_waits_while_processes_of_a_killed_server_still_run_on_its_data()
    {
        var before = await data.NewPostgres().EnsureStartedAsync(CancellationToken.None);
        await using var session = new NpgsqlConnection(Sql.Unpooled(before));
        await session.OpenAsync();
        await using var backendPid = new NpgsqlCommand("SELECT pg_backend_pid()", session);
        var backend = (int)(await backendPid.ExecuteScalarAsync())!;
        // A frozen backend cannot notice its postmaster died, so it stays attached to the shared memory.
        await ExternalCommand.RunAsync("kill", "-STOP", backend.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using (var postmaster = Process.GetProcessById(ServerProcesses.PidFromPidFile(data.Layout.ClusterDirectory)))
            {
                postmaster.Kill();
                await postmaster.WaitForExitAsync();
            }
            var impatient = new EmbeddedPostgres(data.Options() with { StartTimeout = TimeSpan.FromSeconds(2) });

            var refused = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => impatient.EnsureStartedAsync(CancellationToken.None));

            Assert.Contains("still run on", refused.Message);
            Assert.Empty(ServerProcesses.PostmastersOf(data.Layout.ClusterDirectory));
        }
        finally
        {
            await ExternalCommand.RunAsync("kill", "-CONT", backend.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var after = await data.NewPostgres().EnsureStartedAsync(CancellationToken.None);
        Assert.Equal(1, await Sql.ScalarAsync<int>(after, "SELECT 1"));
    }

    [Fact]
    public async Task Start_moves_to_a_new_port_when_the_remembered_one_is_taken()
    {
        var postgres = data.NewPostgres();
        var before = new NpgsqlConnectionStringBuilder(await postgres.EnsureStartedAsync(CancellationToken.None));
        await postgres.StopAsync(CancellationToken.None);
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, before.Port);
        squatter.Start();

        var after = new NpgsqlConnectionStringBuilder(await postgres.EnsureStartedAsync(CancellationToken.None));

        Assert.NotEqual(before.Port, after.Port);
        Assert.Equal(1, await Sql.ScalarAsync<int>(after.ConnectionString, "SELECT 1"));
        squatter.Stop();
        Assert.Equal(after.ConnectionString, await data.NewPostgres().EnsureStartedAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Descriptors_leaked_by_the_callers_parent_do_not_reach_the_server()
    {
        var marker = Path.Combine(data.Path, "leaked-by-parent");
        // bash opens descriptor 7 without close-on-exec, as a careless CI runner might, then becomes a CLI-like
        // process that starts the server.
        var result = await ExternalCommand.RunAsync("bash",
            ["-c", $"exec 7>'{marker}'; exec \"$0\" \"$@\"", .. ExternalCommand.HelperProcessCommand(HelperProgram.EnsureStartedVerb, data.Path)]);
        Assert.True(result.ExitCode == 0, result.Error);

        var pid = ServerProcesses.PidFromPidFile(data.Layout.ClusterDirectory);
        Assert.DoesNotContain(marker, ServerProcesses.OpenFilesOf(pid));
    }

    private static async Task<int> ExitedPidAsync()
    {
        using var process = Process.Start("true")!;
        await process.WaitForExitAsync();
        return process.Id;
    }
}
