using System.Runtime.Versioning;
using Npgsql;

namespace Pipeline.Storage.Tests;

[SupportedOSPlatform("linux")]
public sealed class FirstStartTests
{
    [Fact]
    public async Task First_start_creates_a_cluster_and_vector_extension_works()
    {
        await using var fresh = TempDataDirectory.New();
        var postgres = fresh.NewPostgres();
        Assert.False(postgres.IsRunning);
        await postgres.StopAsync(CancellationToken.None); // nothing there yet: a no-op, not an error

        var connectionString = await postgres.EnsureStartedAsync(CancellationToken.None);

        Assert.True(postgres.IsRunning);
        Assert.True(fresh.Layout.ClusterExists);
        Assert.DoesNotContain("FATAL", await File.ReadAllTextAsync(fresh.Layout.LogFile));
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.Equal(("127.0.0.1", "pipeline", "pipeline"), (builder.Host, builder.Username, builder.Database));
        var distance = await Sql.ScalarAsync<double>(connectionString, "SELECT '[1,2,3]'::vector <=> '[1,2,4]'::vector");
        Assert.Equal(1 - 17 / Math.Sqrt(14 * 21), distance, precision: 6);
    }
}
