using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Pipeline.Storage.Embedded;

/// <summary>First use: initdb into a staging folder, then rename it into place so a half-made cluster never counts.</summary>
[SupportedOSPlatform("linux")]
internal sealed class ClusterInitializer(ClusterLayout layout, EmbeddedPostgresOptions options, ServiceAccount account, ILogger logger)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        var initdb = new PgBinaries(options.BinDirectory).Initdb;
        var staging = layout.StagingDirectory;
        logger.CreatingCluster(layout.ClusterDirectory);
        var elapsed = Stopwatch.StartNew();

        if (Directory.Exists(staging))
            Directory.Delete(staging, recursive: true); // left by an earlier crash mid-initdb
        // Pre-created because the service account may not write to the data folder; initdb accepts an empty one.
        Directory.CreateDirectory(staging, OwnerOnly);

        var password = ClusterPassword.Create(layout.PasswordFile);
        // initdb may run as another account, which must not read the caller's password file: give it a copy.
        PrivateFile.Write(layout.InitdbPasswordFile, password + "\n");
        try
        {
            await account.GiveAsync([staging, layout.InitdbPasswordFile], cancellationToken);
            var command = account.Command(initdb,
            [
                "-D", staging, "-U", EmbeddedPostgres.SuperUser, $"--pwfile={layout.InitdbPasswordFile}",
                // Sockets live in an owner-only folder, so trust there reaches nobody else; TCP needs the password.
                "--auth-local=trust", "--auth-host=scram-sha-256",
                "--encoding=UTF8", "--locale=C", "--no-instructions",
            ], layout.Root);
            var result = await ChildProcess.RunAsync(command, options.StartTimeout, logger, cancellationToken);
            if (!result.Succeeded)
                throw new EmbeddedPostgresException(
                    $"'{command}' failed (exit {result.ExitCode}):{Environment.NewLine}{Tail.Of(result.StandardError)}");
        }
        finally
        {
            File.Delete(layout.InitdbPasswordFile);
        }

        await File.AppendAllTextAsync(Path.Combine(staging, "postgresql.conf"),
            $"\n# Pipeline: our settings, rewritten before every start.\n{ClusterConfig.IncludeDirective}\n", cancellationToken);
        Directory.Move(staging, layout.ClusterDirectory);
        logger.ClusterCreated(layout.ClusterDirectory, elapsed.ElapsedMilliseconds);
    }
}
