using System.Runtime.Versioning;
using Npgsql;
using Pipeline.Storage.Embedded;

namespace Pipeline.Storage.Tests;

/// <summary>
/// A fresh data folder under /tmp per test, 0755 so the postgres account can traverse it when tests run as root.
/// Disposal stops whatever cluster a test left in it and deletes it, also when the test failed halfway.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class TempDataDirectory : IAsyncDisposable
{
    private const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private TempDataDirectory(string path) => Path = path;

    public string Path { get; }

    public ClusterLayout Layout => new(Path);

    /// <param name="create">False leaves creating the folder to EmbeddedPostgres, as a first CLI run would.</param>
    public static TempDataDirectory New(bool create = true)
    {
        var path = System.IO.Path.Combine("/tmp", $"pipeline-storage-tests-{Guid.NewGuid():N}"[..32]);
        if (create)
            Directory.CreateDirectory(path, Traversable);
        return new TempDataDirectory(path);
    }

    public EmbeddedPostgres NewPostgres() => new(Options());

    public EmbeddedPostgresOptions Options() => new() { DataDirectory = Path, StartTimeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await NewPostgres().StopAsync(CancellationToken.None);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
