using System.Runtime.Versioning;

namespace Pipeline.Storage.Tests;

/// <summary>One started cluster shared by tests that only look at it; stopped and deleted after the class.</summary>
[SupportedOSPlatform("linux")]
public sealed class RunningCluster : IAsyncLifetime
{
    internal TempDataDirectory Data { get; } = TempDataDirectory.New();

    public async Task InitializeAsync() => await Data.NewPostgres().EnsureStartedAsync(CancellationToken.None);

    public async Task DisposeAsync() => await Data.DisposeAsync();
}
