using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Pipeline.Host.Web;

/// <summary>
/// What the running service writes to its console. By default: warnings and errors, and one line per run start and
/// finish, so an operator's terminal shows what happens rather than every request, poll and query of ASP.NET, Hangfire
/// and Npgsql; those appear with <c>PIPELINE_LOG_LEVEL=Information</c> (or Debug, Trace). <c>PIPELINE_LOG_FORMAT=json</c>
/// writes one JSON object per line, for log shippers. Both settings are read once, at start-up, and a bad value stops it.
/// </summary>
public static class ServiceLogging
{
    public const string LevelSetting = "PIPELINE_LOG_LEVEL";
    public const string FormatSetting = "PIPELINE_LOG_FORMAT";

    // Categories whose Information lines are the "one line per run start/finish" of the quiet default.
    private static readonly string[] RunCategories =
        [typeof(Ingestion.IngestionRunner).FullName!, typeof(Ingestion.PermissionSync).FullName!, BannerCategory];

    /// <summary>The category the banner is written under in JSON mode (in text mode it is printed as plain lines).</summary>
    public const string BannerCategory = "Pipeline.Service.Banner";

    public static bool Json => Format() == "json";

    /// <param name="toStandardError">Every entry to stderr: a CLI command hosting the service (bench) keeps stdout for its report.</param>
    public static void Configure(ILoggingBuilder logging, bool toStandardError = false)
    {
        var json = Json;
        var level = Level();
        logging.ClearProviders();
        if (json)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
        if (toStandardError)
        {
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        if (level is { } explicitLevel)
        {
            logging.SetMinimumLevel(explicitLevel);
            // Explicit wins over the framework's own configuration defaults (appsettings, command line).
            logging.AddFilter((_, _, l) => l >= explicitLevel);
            return;
        }
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter((_, category, l) => l >= LogLevel.Warning
            || (l >= LogLevel.Information && category is not null && RunCategories.Contains(category)));
    }

    /// <exception cref="ArgumentException">The setting names no level.</exception>
    public static LogLevel? Level()
    {
        var text = Environment.GetEnvironmentVariable(LevelSetting);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return Enum.TryParse<LogLevel>(text.Trim(), ignoreCase: true, out var level) && Enum.IsDefined(level)
            ? level
            : throw new ArgumentException($"{LevelSetting}: '{text}' is not a level (Trace, Debug, Information, Warning, Error, Critical, None)");
    }

    /// <exception cref="ArgumentException">The setting names no format.</exception>
    public static string Format()
    {
        var text = Environment.GetEnvironmentVariable(FormatSetting)?.Trim().ToLowerInvariant();
        return text switch
        {
            null or "" or "text" => "text",
            "json" => "json",
            _ => throw new ArgumentException($"{FormatSetting}: '{text}' is not a format (text, json)"),
        };
    }
}
