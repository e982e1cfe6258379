using System.Runtime.Versioning;

namespace Pipeline.Storage.Tests;

[SupportedOSPlatform("linux")]
public sealed class EmbeddedPostgresConcurrencyTests : IAsyncLifetime
{
    // Not created: the racing callers also race to create the data folder, as first CLI runs would.
    private readonly TempDataDirectory data = TempDataDirectory.New(create: false);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await data.DisposeAsync();

    [Fact]
    public async Task Concurrent_starts_from_two_processes_start_one_server()
    {
        // Two real processes (separate flock holders, like two CLI runs) plus two in-process instances, all on a
        // folder with no cluster yet, so they race through initdb as well as start.
        var otherProcesses = Enumerable.Range(0, 2)
            .Select(_ => ExternalCommand.RunHelperProcessAsync(HelperProgram.EnsureStartedVerb, data.Path))
            .ToList();
        var inProcess = Enumerable.Range(0, 2)
            .Select(_ => Task.Run(() => data.NewPostgres().EnsureStartedAsync(CancellationToken.None)))
            .ToList();

        var processResults = await Task.WhenAll(otherProcesses);
        var connectionStrings = (await Task.WhenAll(inProcess)).ToList();

        foreach (var result in processResults)
        {
            Assert.True(result.ExitCode == 0, $"helper process failed: {result.Error}");
            connectionStrings.Add(result.Output);
        }
        Assert.Single(connectionStrings.Distinct());
        var postmasters = ServerProcesses.PostmastersOf(data.Layout.ClusterDirectory);
        Assert.Equal([ServerProcesses.PidFromPidFile(data.Layout.ClusterDirectory)], postmasters);
        var serverLog = await File.ReadAllTextAsync(data.Layout.LogFile);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(serverLog, "database system is ready to accept connections"));
        Assert.Equal(1, await Sql.ScalarAsync<int>(connectionStrings[0], "SELECT 1"));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(connectionStrings[0], "SELECT count(*) FROM pg_extension WHERE extname = 'vector'"));
    }
}
