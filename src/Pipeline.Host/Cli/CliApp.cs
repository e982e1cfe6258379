using System.CommandLine;
using Pipeline.Host.Bench;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Storage.Embedded;

namespace Pipeline.Host.Cli;

public static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Ingestion pipeline: sources → structured text → chunks → embeddings → PostgreSQL + pgvector")
        {
            ServeCommand.Up(),
            ServeCommand.Serve(),
            DatabaseCommands.Setup(),
            DatabaseCommands.Migrate(),
            DatabaseCommands.Down(),
            IngestCommand.Create(),
            StatusCommand.Create(),
            HealthCommand.Create(),
            ExportCommand.Create(),
            VerifyCommand.Create(),
            QueryCommand.Create(),
            EvalCommand.Create(),
            ModelsCommand.Create(),
            DeadLettersCommand.Create(),
            BenchCommand.Create(),
            HashPasswordCommand.Create(),
        };
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            // Expected operator errors get one clear line, not a stack trace.
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
        catch (Exception e)
        {
            // Unexpected: say what failed; the stack trace is for PIPELINE_LOG_LEVEL=Debug, not for every operator.
            await Console.Error.WriteLineAsync($"error: {e.GetType().Name}: {e.Message}");
            if (CliRuntime.LogLevelFromEnvironment(Microsoft.Extensions.Logging.LogLevel.Warning) <= Microsoft.Extensions.Logging.LogLevel.Debug)
            {
                await Console.Error.WriteLineAsync(e.ToString());
            }
            return 1;
        }
    }

    private static bool IsUserFacing(Exception e) =>
        e is JobDefinitionException or SourceBusyException or EmbeddedPostgresException or DirectoryNotFoundException or ArgumentException
            or Connectors.Atlassian.SourceAuthenticationException or Connectors.Atlassian.SourceResponseException or DeletionBlockedException
            or Models.ModelSwitchRefusedException or Storage.Models.ModelMismatchException;
}
