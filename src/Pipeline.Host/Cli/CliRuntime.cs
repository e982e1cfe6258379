using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Host.Database;

namespace Pipeline.Host.Cli;

/// <summary>The services a one-shot command needs: database ready and migrated, logs on stderr so stdout stays parseable.</summary>
public sealed class CliRuntime : IAsyncDisposable
{
    private CliRuntime(ServiceProvider services, PipelineSettings settings, string connectionString)
    {
        Services = services;
        Settings = settings;
        ConnectionString = connectionString;
    }

    public ServiceProvider Services { get; }

    public PipelineSettings Settings { get; }

    public string ConnectionString { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<CliRuntime> StartAsync(CancellationToken cancellationToken)
    {
        var settings = PipelineSettings.FromEnvironment();
        using var bootstrapLogging = CreateLoggerFactory();
        var (connectionString, _) = await DatabaseBootstrap.PrepareAsync(settings, bootstrapLogging, cancellationToken);
        var services = new ServiceCollection();
        services.AddLogging(ConfigureLogging);
        services.AddPipeline(settings, connectionString);
        return new CliRuntime(services.BuildServiceProvider(), settings, connectionString);
    }

    public static ILoggerFactory CreateLoggerFactory() => LoggerFactory.Create(ConfigureLogging);

    public static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevelFromEnvironment(LogLevel.Warning));
    }

    public static LogLevel LogLevelFromEnvironment(LogLevel fallback) =>
        Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("PIPELINE_LOG_LEVEL"), ignoreCase: true, out var level) ? level : fallback;

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
