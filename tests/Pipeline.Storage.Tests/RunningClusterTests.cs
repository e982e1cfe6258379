using System.Diagnostics;
using System.Runtime.Versioning;
using Npgsql;
using Pipeline.Storage.Embedded;

namespace Pipeline.Storage.Tests;

/// <summary>Behaviour of a cluster that is already up; the tests share one (they neither stop nor restart it).</summary>
[SupportedOSPlatform("linux")]
public sealed class RunningClusterTests(RunningCluster cluster) : IClassFixture<RunningCluster>
{
    private TempDataDirectory Data => cluster.Data;

    [Fact]
    public async Task Secrets_and_server_folders_are_private_and_tcp_login_needs_the_password()
    {
        var connectionString = await Data.NewPostgres().EnsureStartedAsync(CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Data.Layout.PasswordFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Data.Layout.LockFile));
        Assert.False(File.Exists(Data.Layout.InitdbPasswordFile));
        var wrongPassword = new NpgsqlConnectionStringBuilder(connectionString) { Password = "not-the-password", Pooling = false };
        var refused = await Assert.ThrowsAsync<PostgresException>(() => Sql.ScalarAsync<int>(wrongPassword.ConnectionString, "SELECT 1"));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    [Fact]
    public async Task Second_start_reuses_the_running_cluster()
    {
        var first = await Data.NewPostgres().EnsureStartedAsync(CancellationToken.None);
        var pid = ServerProcesses.PidFromPidFile(Data.Layout.ClusterDirectory);
        var systemId = await Sql.ScalarAsync<long>(first, "SELECT system_identifier FROM pg_control_system()");

        var elapsed = Stopwatch.StartNew();
        var second = await Data.NewPostgres().EnsureStartedAsync(CancellationToken.None);
        elapsed.Stop();

        Assert.Equal(first, second);
        Assert.Equal(pid, ServerProcesses.PidFromPidFile(Data.Layout.ClusterDirectory));
        Assert.Equal(systemId, await Sql.ScalarAsync<long>(second, "SELECT system_identifier FROM pg_control_system()"));
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(2), $"reuse took {elapsed.Elapsed}");
    }

    [Fact]
    public async Task Server_holds_none_of_the_callers_pipes_nor_the_cluster_lock()
    {
        await Data.NewPostgres().EnsureStartedAsync(CancellationToken.None);
        var pid = ServerProcesses.PidFromPidFile(Data.Layout.ClusterDirectory);

        Assert.Equal(["/dev/null", Data.Layout.LogFile, Data.Layout.LogFile], ServerProcesses.StandardStreamsOf(pid));
        Assert.Equal(0, (await ExternalCommand.RunAsync("flock", "--nonblock", Data.Layout.LockFile, "true")).ExitCode);
    }

    [Fact]
    public async Task A_missing_extension_is_reported_with_the_setup_hint()
    {
        var target = new NpgsqlConnectionStringBuilder(await Data.NewPostgres().EnsureStartedAsync(CancellationToken.None));
        await using var connection = await DatabaseProvisioner.OpenAsync(target, target.Database!, CancellationToken.None);

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(
            () => DatabaseProvisioner.EnsureExtensionAsync(connection, "not_installed_anywhere", CancellationToken.None));

        Assert.Contains("not installed; run ./pipeline setup", error.Message);
    }

    [Fact]
    public async Task CreateDatabase_returns_a_fresh_database_with_vector()
    {
        var postgres = Data.NewPostgres();
        var first = await postgres.CreateDatabaseAsync("isolated_test", CancellationToken.None);
        await Sql.ExecuteAsync(first, "CREATE TABLE leftover (v vector(3))");

        var second = await postgres.CreateDatabaseAsync("isolated_test", CancellationToken.None);

        Assert.Equal("isolated_test", new NpgsqlConnectionStringBuilder(second).Database);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'leftover'"));
        Assert.Equal(0.0, await Sql.ScalarAsync<double>(second, "SELECT '[1,0]'::vector <-> '[1,0]'::vector"));
        await Assert.ThrowsAsync<ArgumentException>(() => postgres.CreateDatabaseAsync("pipeline", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => postgres.CreateDatabaseAsync("Bad-Name", CancellationToken.None));
    }

    [Fact]
    public async Task Cluster_cpu_grows_by_the_work_a_backend_did_and_is_absent_without_a_cluster()
    {
        var connectionString = await Data.NewPostgres().EnsureStartedAsync(CancellationToken.None);
        var before = ClusterCpu.Read(Data.Path);
        Assert.NotNull(before);

        // A backend that computes for a while and then exits: its time must be counted after it is gone too.
        var busy = Stopwatch.StartNew();
        await Sql.ScalarAsync<decimal>(connectionString, "SELECT sum(sqrt(g)::numeric) FROM generate_series(1, 3000000) g");
        busy.Stop();
        var after = ClusterCpu.Read(Data.Path);

        Assert.NotNull(after);
        var used = (after!.Value - before!.Value).TotalSeconds;
        // The query's wall time is nearly all CPU on an otherwise idle backend; ticks are 10 ms.
        Assert.InRange(used, busy.Elapsed.TotalSeconds * 0.3, busy.Elapsed.TotalSeconds + 5);
        Assert.Null(ClusterCpu.Read(System.IO.Path.Combine(Data.Path, "no-cluster-here")));
    }
}
