using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pipeline.Host.Jobs;

namespace Pipeline.Host.Web;

/// <summary>
/// The few lines <c>up</c> and <c>serve</c> print once started: where to look, which database, which jobs, how many
/// workers, and how to get more logs. Never a password: the database is named by host, port and name.
/// </summary>
public static class ServiceBanner
{
    public static IReadOnlyList<string> Lines(IServiceProvider services, IReadOnlyCollection<string> addresses)
    {
        var settings = services.GetRequiredService<PipelineSettings>();
        var catalog = services.GetRequiredService<JobCatalog>();
        var database = new NpgsqlConnectionStringBuilder(services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
        var lines = new List<string> { "pipeline service started" };
        foreach (var address in addresses.Select(a => a.TrimEnd('/')))
        {
            lines.Add($"  dashboard:  {address}/hangfire");
            lines.Add($"  endpoints:  {address}/api/search  {address}/metrics  {address}/healthz  {address}/webhooks/{{jira,confluence}}");
        }
        lines.Add($"  database:   {(settings.ConnectionString is null ? "embedded PostgreSQL" : "PIPELINE_DB")} at {database.Host}:{database.Port}, database {database.Database}");
        var names = catalog.Jobs.Select(j => j.Enabled ? j.Name : j.Name + " (disabled)").ToList();
        lines.Add($"  jobs:       {names.Count} from {settings.JobsDirectory}" + (names.Count > 0 ? $": {string.Join(", ", names.Take(12))}{(names.Count > 12 ? ", …" : "")}" : ""));
        lines.Add($"  workers:    {settings.IngestWorkers} for syncs, {settings.WebhookWorkers} for webhooks; {settings.DocumentParallelism} documents in flight per run");
        lines.Add(ServiceLogging.Level() is { } level
            ? $"  logs:       {level} and above ({ServiceLogging.LevelSetting})"
            : $"  logs:       warnings and each run's start and finish ({ServiceLogging.LevelSetting}=Information for everything, {ServiceLogging.FormatSetting}=json for log shippers)");
        lines.Add("Ctrl-C stops the service.");
        return lines;
    }

    /// <summary>Plain lines on the console; in JSON mode, log entries instead, so every output line stays one JSON object.</summary>
    public static void Write(IServiceProvider services, IReadOnlyCollection<string> addresses)
    {
        var lines = Lines(services, addresses);
        if (!ServiceLogging.Json)
        {
            foreach (var line in lines)
            {
                Console.WriteLine(line);
            }
            return;
        }
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(ServiceLogging.BannerCategory);
        foreach (var line in lines)
        {
            logger.LogInformation("{Banner}", line.Trim());
        }
    }
}
