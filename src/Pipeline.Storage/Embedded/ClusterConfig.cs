using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Storage.Embedded;

/// <summary>
/// Our settings live in their own file, included at the end of postgresql.conf, so they can be rewritten on every
/// start (port taken, data folder moved) without touching the rest. ALTER SYSTEM still overrides them.
/// The port written here is how the cluster remembers it between starts.
/// </summary>
internal static partial class ClusterConfig
{
    public const string FileName = "pipeline.conf";
    public const string IncludeDirective = "include_if_exists = 'pipeline.conf'";

    // sun_path is 108 bytes; the server appends "/.s.PGSQL.<port>".
    private const int MaxSocketDirectoryBytes = 107 - 16;

    public static string Render(ClusterLayout layout, int port)
    {
        var text = new StringBuilder()
            .AppendLine("# Written by Pipeline (EmbeddedPostgres) before every start; tune with ALTER SYSTEM instead.")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {port}")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{SocketDirectories(layout.SocketDirectory)}'")
            .AppendLine("unix_socket_permissions = 0700")
            // A single ingestion box: modest memory, full durability. Each service process holds Hangfire workers,
            // the dashboard, metrics and per-document locks on their own connections; two or three services (and
            // parallel test projects) must fit.
            .AppendLine("max_connections = 200")
            .AppendLine("shared_buffers = '128MB'")
            .AppendLine("work_mem = '16MB'")
            .AppendLine("maintenance_work_mem = '256MB'")
            .AppendLine("max_wal_size = '1GB'")
            .AppendLine("fsync = on")
            .AppendLine("synchronous_commit = on")
            .AppendLine("full_page_writes = on")
            .AppendLine("timezone = 'UTC'")
            .AppendLine("logging_collector = off")
            .AppendLine("log_line_prefix = '%m [%p] '");
        return text.ToString().ReplaceLineEndings("\n");
    }

    public static int? ReadPort(string configFile)
    {
        if (!File.Exists(configFile))
            return null;
        var match = PortSetting().Match(File.ReadAllText(configFile));
        return match.Success && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    /// <summary>
    /// Our own socket folder avoids /var/run/postgresql permissions. Paths too long for a socket, or needing quoting
    /// in the list syntax, get no socket at all: every client, pg_ctl included, manages over TCP.
    /// </summary>
    private static string SocketDirectories(string directory) =>
        Encoding.UTF8.GetByteCount(directory) <= MaxSocketDirectoryBytes && PlainPath().IsMatch(directory) ? directory : "";

    [GeneratedRegex(@"^\s*port\s*=\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex PortSetting();

    [GeneratedRegex(@"^[A-Za-z0-9/._+-]+$")]
    private static partial Regex PlainPath();
}
