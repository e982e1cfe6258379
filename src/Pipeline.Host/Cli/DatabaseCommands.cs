using System.CommandLine;
using Pipeline.Host.Database;

namespace Pipeline.Host.Cli;

/// <summary>setup, migrate and down: the database's life cycle.</summary>
public static class DatabaseCommands
{
    public static Command Setup()
    {
        var command = new Command("setup", "Create or start the database (embedded unless PIPELINE_DB is set), apply migrations, load the model");
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var model = runtime.Get<Core.Embedding.IEmbedder>().Model;
            Console.WriteLine($"database ready ({Describe(runtime.Settings)}); jobs: {runtime.Get<Jobs.JobCatalog>().Jobs.Count}; model {model.Id} sha256 {model.Sha256[..12]}…");
            return 0;
        });
        return command;
    }

    public static Command Migrate()
    {
        var command = new Command("migrate", "Apply pending schema migrations and list them");
        command.SetAction(async (_, cancellationToken) =>
        {
            var settings = PipelineSettings.FromEnvironment();
            using var logging = CliRuntime.CreateLoggerFactory();
            var (_, applied) = await DatabaseBootstrap.PrepareAsync(settings, logging, cancellationToken);
            Console.WriteLine(applied.Count == 0
                ? "schema is up to date"
                : "applied: " + string.Join(", ", applied.Select(m => $"{m.Version:0000}_{m.Name}")));
            return 0;
        });
        return command;
    }

    public static Command Down()
    {
        var force = new Option<bool>("--force") { Description = "Stop it even while a service or another command still uses it (they lose their connections)" };
        var command = new Command("down", "Stop the embedded database (data is kept); refused while another pipeline process uses it") { force };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = PipelineSettings.FromEnvironment();
            if (settings.ConnectionString is not null)
            {
                Console.WriteLine("PIPELINE_DB is set: the database is not managed here, nothing to stop");
                return 0;
            }
            using var logging = CliRuntime.CreateLoggerFactory();
            var stop = await DatabaseBootstrap.Embedded(settings, logging).StopAsync(parse.GetValue(force), cancellationToken);
            return DownReport.Write(stop, settings.DataDirectory);
        });
        return command;
    }

    public static string Describe(PipelineSettings settings) =>
        settings.ConnectionString is null ? $"embedded, data in {settings.DataDirectory}" : "PIPELINE_DB";
}
