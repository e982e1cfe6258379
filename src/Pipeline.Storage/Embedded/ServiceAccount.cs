using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Pipeline.Storage.Embedded;

/// <summary>
/// Who runs initdb and pg_ctl. PostgreSQL refuses to run as root, so a root caller (our CI, containers) delegates
/// to a service account through runuser and hands it the folders the server writes to; anyone else runs the
/// binaries directly and owns everything.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ServiceAccount
{
    private static readonly string[] RunuserLocations = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"];
    private static readonly string[] ChownLocations = ["/usr/bin/chown", "/bin/chown"];

    private readonly ILogger logger;
    private readonly TimeSpan timeout;

    private ServiceAccount(string? delegateTo, ILogger logger, TimeSpan timeout)
    {
        DelegateTo = delegateTo;
        this.logger = logger;
        this.timeout = timeout;
    }

    /// <summary>The account commands run as, or null when they run as the current user.</summary>
    public string? DelegateTo { get; }

    public static ServiceAccount ForCurrentProcess(string serviceUser, ILogger logger, TimeSpan timeout) =>
        new(Environment.IsPrivilegedProcess ? serviceUser : null, logger, timeout);

    public CommandLine Command(string fileName, IEnumerable<string> arguments, string workingDirectory) =>
        DelegateTo is null
            ? new CommandLine(fileName, [.. arguments], workingDirectory)
            : new CommandLine(FirstExisting(RunuserLocations, "runuser"), ["-u", DelegateTo, "--", fileName, .. arguments], workingDirectory);

    /// <summary>Makes the service account own <paramref name="paths"/>; nothing to do when we are that account.</summary>
    public async Task GiveAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        if (DelegateTo is null)
            return;
        var command = new CommandLine(FirstExisting(ChownLocations, "chown"), [$"{DelegateTo}:", .. paths], "/");
        var result = await ChildProcess.RunAsync(command, timeout, logger, cancellationToken);
        if (!result.Succeeded)
            throw new EmbeddedPostgresException($"'{command}' failed (exit {result.ExitCode}): {Tail.Of(result.StandardError)}");
    }

    /// <summary>
    /// Fails early with a readable message when the service account cannot reach <paramref name="directory"/>
    /// (e.g. a data folder under /root, which is 0700), instead of letting initdb report it obscurely.
    /// </summary>
    public async Task EnsureCanTraverseAsync(string directory, CancellationToken cancellationToken)
    {
        if (DelegateTo is null)
            return;
        var probe = Command("/usr/bin/test", ["-x", directory], "/");
        if ((await ChildProcess.RunAsync(probe, timeout, logger, cancellationToken)).Succeeded)
            return;
        var blocking = BlockingAncestor(directory);
        throw new EmbeddedPostgresException(
            $"The '{DelegateTo}' OS user, which runs PostgreSQL because this process is root, cannot reach {directory}" +
            (blocking is null ? "." : $": {blocking} is not traversable by others (chmod o+x it)") +
            $" Alternatively set {EmbeddedPostgresOptions.DataDirectoryVariable} to a folder outside it, e.g. under /var/lib or /srv.");
    }

    private static string? BlockingAncestor(string directory)
    {
        for (var current = Path.GetDirectoryName(directory); current is not null; current = Path.GetDirectoryName(current))
        {
            if (Directory.Exists(current) && !File.GetUnixFileMode(current).HasFlag(UnixFileMode.OtherExecute))
                return current;
        }
        return null;
    }

    private static string FirstExisting(string[] candidates, string fallback) => candidates.FirstOrDefault(File.Exists) ?? fallback;
}
