using Pipeline.Host.Cli;
using Pipeline.Host.Tests.Faults;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage.Embedded;

namespace Pipeline.Host.Tests.Cli;

/// <summary>
/// <c>pipeline down</c> against a real <c>pipeline serve</c> on an embedded cluster of its own: refused while the
/// service uses it, allowed once the service is gone, and forced with <c>--force</c>.
/// </summary>
public sealed class DownCommandTests : IDisposable
{
    // Not created here: EmbeddedPostgres creates it traversable for the postgres account when the tests run as root.
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"pipeline-down-{Guid.NewGuid():N}"[..28]);
    private readonly TempFolder _jobs = new();

    [Fact]
    public async Task Down_is_refused_naming_the_service_that_uses_the_database_and_succeeds_once_it_is_gone()
    {
        using (var service = await ServiceProcess.StartAsync(Environment()))
        {
            var refused = await CliProcess.RunAsync(Environment(), "down");

            Assert.True(refused.ExitCode == DownReport.InUseExitCode, $"exit {refused.ExitCode}: {refused.Stdout}{refused.Stderr}");
            Assert.Contains($"pid {service.Pid} (pipeline serve", refused.Stderr);
            Assert.Contains("--force", refused.Stderr);
            Assert.True(Cluster().IsRunning, "a refused down must leave the database running");
        } // killed (SIGKILL): its registration stays behind, stale

        var down = await CliProcess.RunAsync(Environment(), "down");

        Assert.True(down.ExitCode == 0, down.Stderr);
        Assert.Contains("embedded database stopped", down.Stdout);
        Assert.False(Cluster().IsRunning);
    }

    [Fact]
    public async Task Down_with_force_stops_the_database_under_the_service_and_names_it()
    {
        using var service = await ServiceProcess.StartAsync(Environment());

        var forced = await CliProcess.RunAsync(Environment(), "down", "--force");

        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Contains("although still in use", forced.Stdout);
        Assert.Contains($"pid {service.Pid} (pipeline serve", forced.Stdout);
        Assert.False(Cluster().IsRunning);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            CliProcess.RunAsync(Environment(), "down", "--force").GetAwaiter().GetResult();
            try
            {
                Directory.Delete(_data, recursive: true);
            }
            catch (IOException)
            {
                // Best effort, like every temp folder of the tests.
            }
        }
        _jobs.Dispose();
    }

    // Constructing it takes no registration: only starting does, so the test itself never counts as a user.
    private EmbeddedPostgres Cluster() => new(new EmbeddedPostgresOptions { DataDirectory = _data });

    private Dictionary<string, string> Environment() => new()
    {
        ["PIPELINE_DB"] = "", // the embedded cluster even when the runner's environment names a server
        ["PIPELINE_DATA_DIR"] = _data,
        ["PIPELINE_JOBS_DIR"] = _jobs.Path,
        ["PIPELINE_ONNX_THREADS"] = "1",
    };
}
