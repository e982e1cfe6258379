using System.CommandLine;
using Pipeline.Host.Database;
using Pipeline.Host.Web;

namespace Pipeline.Host.Cli;

/// <summary>serve and up: the long-running service in the foreground.</summary>
public static class ServeCommand
{
    public static Command Serve() => Create("serve", "Run the service: Hangfire server, dashboard at /hangfire, recurring jobs from jobs/", ingestSamples: false);

    public static Command Up() => Create("up", "Set up and run the service; on first start, ingest the sample folder", ingestSamples: true);

    private static Command Create(string name, string description, bool ingestSamples)
    {
        var urls = new Option<string?>("--urls") { Description = $"Addresses to listen on (default {ServiceHost.DefaultUrl})" };
        var command = new Command(name, description) { urls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = PipelineSettings.FromEnvironment();
            string connectionString;
            using (var logging = CliRuntime.CreateLoggerFactory())
            {
                (connectionString, _) = await DatabaseBootstrap.PrepareAsync(settings, logging, cancellationToken);
            }
            string[] aspNetArgs = parse.GetValue(urls) is { } value ? ["--urls", value] : [];
            var app = ServiceHost.Build(settings, connectionString, aspNetArgs);
            await ServiceHost.RunAsync(app, ingestSamples, cancellationToken);
            return 0;
        });
        return command;
    }
}
