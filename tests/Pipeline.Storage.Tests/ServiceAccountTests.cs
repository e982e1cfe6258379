using System.Runtime.Versioning;
using Pipeline.Storage.Embedded;

namespace Pipeline.Storage.Tests;

[SupportedOSPlatform("linux")]
public sealed class ServiceAccountTests
{
    [Fact]
    public async Task Data_folder_the_postgres_account_cannot_reach_fails_with_a_hint()
    {
        if (!Environment.IsPrivilegedProcess)
            return; // only root delegates to the postgres account
        var privateParent = Path.Combine("/tmp", $"pipeline-private-{Guid.NewGuid():N}");
        Directory.CreateDirectory(privateParent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var postgres = new EmbeddedPostgres(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(privateParent, "data") });

            var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => postgres.EnsureStartedAsync(CancellationToken.None));

            Assert.Contains($"{privateParent} is not traversable by others (chmod o+x it)", error.Message);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(privateParent));
        }
        finally
        {
            Directory.Delete(privateParent, recursive: true);
        }
    }

    [Fact]
    public void Root_runs_the_server_as_the_postgres_account_and_others_run_it_themselves()
    {
        var account = ServiceAccount.ForCurrentProcess("postgres", Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeSpan.FromSeconds(5));

        var command = account.Command("/usr/lib/postgresql/15/bin/pg_ctl", ["status"], "/");

        if (Environment.IsPrivilegedProcess)
            Assert.Equal(["-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl", "status"], command.Arguments);
        else
            Assert.Equal(("/usr/lib/postgresql/15/bin/pg_ctl", (IReadOnlyList<string>)["status"]), (command.FileName, command.Arguments));
    }
}
