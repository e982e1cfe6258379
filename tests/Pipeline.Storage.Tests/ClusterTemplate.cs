using System.Runtime.Versioning;

namespace Pipeline.Storage.Tests;

/// <summary>
/// initdb costs seconds here (mostly its fsync), so tests that are not about creation start from a copy of one
/// cluster created (and stopped) once per test class. A copy is also a moved data folder, which start must handle.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ClusterTemplate : IAsyncLifetime
{
    private readonly TempDataDirectory template = TempDataDirectory.New();

    public async Task InitializeAsync()
    {
        var postgres = template.NewPostgres();
        await postgres.EnsureStartedAsync(CancellationToken.None);
        await postgres.StopAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await template.DisposeAsync();

    /// <summary>cp -a keeps the service account's ownership and the 0700/0600 modes the server insists on.</summary>
    internal async Task<TempDataDirectory> CopyAsync()
    {
        var copy = TempDataDirectory.New(create: false);
        var result = await ExternalCommand.RunAsync("cp", "-a", template.Path, copy.Path);
        Assert.True(result.ExitCode == 0, result.Error);
        return copy;
    }
}
