using Microsoft.Extensions.Configuration;

namespace Pipeline.Host.Metrics;

/// <summary>
/// Settings of <c>/metrics</c>, read from configuration (the environment, or <c>--KEY=value</c> arguments of the
/// service) and validated at start-up. The token is a secret: never logged, never part of an error message.
/// </summary>
public sealed record MetricsOptions
{
    public const string Path = "/metrics";

    /// <summary><c>PIPELINE_METRICS_ENABLED</c>: when false the endpoint is not mapped (404).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>PIPELINE_METRICS_TOKEN</c>: when set, remote scrapers may read with <c>Authorization: Bearer TOKEN</c>; local requests never need it.</summary>
    public string? Token { get; init; }

    /// <summary><c>PIPELINE_METRICS_SNAPSHOT_SECONDS</c>: the database and Hangfire are read at most this often, however often Prometheus scrapes.</summary>
    public int SnapshotSeconds { get; init; } = 15;

    public const int MinimumTokenLength = 16;

    public static MetricsOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new MetricsOptions
        {
            Enabled = Flag(configuration, "PIPELINE_METRICS_ENABLED", true),
            Token = configuration["PIPELINE_METRICS_TOKEN"] is { Length: > 0 } token ? token : null,
            SnapshotSeconds = Integer(configuration, "PIPELINE_METRICS_SNAPSHOT_SECONDS", 15),
        };
        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (SnapshotSeconds is < 1 or > 3600)
        {
            throw new ArgumentOutOfRangeException(nameof(SnapshotSeconds), SnapshotSeconds, "PIPELINE_METRICS_SNAPSHOT_SECONDS must be between 1 and 3600");
        }
        if (Token is { } token && (token.Length < MinimumTokenLength || token.Any(char.IsWhiteSpace)))
        {
            // The value itself stays out of the message: it is a secret even when it is a bad one.
            throw new ArgumentException($"PIPELINE_METRICS_TOKEN must be at least {MinimumTokenLength} characters without spaces (e.g. openssl rand -hex 32)");
        }
    }

    private static bool Flag(IConfiguration configuration, string name, bool fallback) => configuration[name] switch
    {
        null or "" => fallback,
        var raw when bool.TryParse(raw, out var value) => value,
        "1" => true,
        "0" => false,
        var raw => throw new ArgumentException($"{name} must be true or false, got '{raw}'"),
    };

    private static int Integer(IConfiguration configuration, string name, int fallback) => configuration[name] switch
    {
        null or "" => fallback,
        var raw => int.TryParse(raw, out var value) ? value : throw new ArgumentException($"{name} must be an integer, got '{raw}'"),
    };
}
