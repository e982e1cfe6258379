using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Storage.Embedded;

namespace Pipeline.Storage.Tests;

/// <summary>
/// The flock(1) utility takes the same kind of lock as .NET's FileShare.None, so it stands in for "another process".
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ClusterLockTests : IDisposable
{
    private readonly string lockFile = Path.Combine(Path.GetTempPath(), $"pipeline-lock-test-{Guid.NewGuid():N}.lock");

    public void Dispose() => File.Delete(lockFile);

    [Fact]
    public async Task Held_lock_excludes_another_process_until_disposed()
    {
        using (await AcquireAsync(TimeSpan.FromSeconds(1)))
            Assert.Equal(1, (await ExternalCommand.RunAsync("flock", "--nonblock", lockFile, "true")).ExitCode);

        Assert.Equal(0, (await ExternalCommand.RunAsync("flock", "--nonblock", lockFile, "true")).ExitCode);
    }

    [Fact]
    public async Task Lock_waits_for_a_holder_in_another_process()
    {
        File.WriteAllText(lockFile, "");
        var holder = ExternalCommand.RunAsync("flock", lockFile, "sleep", "1");
        await WaitUntilAsync(async () => (await ExternalCommand.RunAsync("flock", "--nonblock", lockFile, "true")).ExitCode == 1);

        var waited = Stopwatch.StartNew();
        using (await AcquireAsync(TimeSpan.FromSeconds(10)))
            Assert.True(waited.Elapsed > TimeSpan.FromMilliseconds(300), $"acquired after {waited.Elapsed} while another process held it");
        await holder;
    }

    [Fact]
    public async Task Lock_is_exclusive_between_holders_in_one_process_and_times_out()
    {
        using (await AcquireAsync(TimeSpan.FromSeconds(1)))
        {
            var timedOut = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => AcquireAsync(TimeSpan.FromSeconds(1)));
            Assert.Contains(lockFile, timedOut.Message);
        }

        using (await AcquireAsync(TimeSpan.FromSeconds(1)))
        {
        }
    }

    private Task<ClusterLock> AcquireAsync(TimeSpan timeout) =>
        ClusterLock.AcquireAsync(lockFile, timeout, NullLogger.Instance, CancellationToken.None);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100 && !await condition(); attempt++)
            await Task.Delay(10);
    }
}
