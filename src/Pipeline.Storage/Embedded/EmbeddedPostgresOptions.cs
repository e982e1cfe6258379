using System.Text.RegularExpressions;

namespace Pipeline.Storage.Embedded;

/// <summary>Where and how the private PostgreSQL cluster used by the CLI lives. See <see cref="EmbeddedPostgres"/>.</summary>
public sealed partial record EmbeddedPostgresOptions
{
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";
    public const string DefaultDatabase = "pipeline";
    public const string DefaultDataDirectory = "./.data";
    public const string DataDirectoryVariable = "PIPELINE_DATA_DIR";

    /// <summary>Folder holding the cluster, its password, log and lock file. Created on first use.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Folder with initdb, pg_ctl and postgres.</summary>
    public string BinDirectory { get; init; } = DefaultBinDirectory;

    /// <summary>Database created (with the vector extension) and named in the returned connection string.</summary>
    public string Database { get; init; } = DefaultDatabase;

    /// <summary>
    /// Bounds each wait separately: for another process holding the cluster lock, and for initdb, start or stop.
    /// A caller queued behind a first-time initdb can therefore wait up to twice this.
    /// </summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>OS account that owns and runs the cluster when this process is root (initdb and postgres refuse root).</summary>
    public string ServiceUser { get; init; } = "postgres";

    public static EmbeddedPostgresOptions FromEnvironment() => new()
    {
        DataDirectory = Environment.GetEnvironmentVariable(DataDirectoryVariable) is { Length: > 0 } configured
            ? configured
            : DefaultDataDirectory,
    };

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem at once, so a user fixes them in one go.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory) || DataDirectory.Contains('\0'))
            problems.Add("DataDirectory must be a non-empty path");
        if (string.IsNullOrWhiteSpace(BinDirectory) || BinDirectory.Contains('\0'))
            problems.Add("BinDirectory must be a non-empty path");
        if (!PgIdentifier.IsSimple(Database))
            problems.Add($"Database '{Database}' must match {PgIdentifier.Pattern}");
        if (StartTimeout < TimeSpan.FromSeconds(1) || StartTimeout > TimeSpan.FromHours(1))
            problems.Add($"StartTimeout {StartTimeout} must be between 1 second and 1 hour");
        if (ServiceUser is null || !OsUserName().IsMatch(ServiceUser))
            problems.Add($"ServiceUser '{ServiceUser}' is not a valid OS user name");
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid {nameof(EmbeddedPostgresOptions)}: {string.Join("; ", problems)}");
    }

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex OsUserName();
}
