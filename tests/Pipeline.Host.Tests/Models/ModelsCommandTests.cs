using System.Text.Json;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Models;

/// <summary><c>models list | plan | build | activate | drop</c> through the real CLI: MiniLM to Arctic and back.</summary>
public sealed class ModelsCommandTests
{
    private const string Job = "cli-switch";
    private const string Arctic = "Snowflake/snowflake-arctic-embed-xs";
    private const string MiniLm = "sentence-transformers/all-MiniLM-L6-v2-int8";

    [Fact]
    public async Task A_switch_to_arctic_and_back_through_the_cli_plans_builds_activates_and_drops()
    {
        using var folder = Corpus.CopyToTemp("dpr-paper-two-column.pdf");
        using var jobs = new TempFolder();
        File.WriteAllText(jobs.File(Job + ".json"), JsonSerializer.Serialize(new { name = Job, schedule = "0 2 * * *", source = new { kind = "pdf-folder", path = folder.Path } }));
        var database = await TestCluster.CreateDatabaseAsync("models_cli");
        var environment = new Dictionary<string, string> { ["PIPELINE_DB"] = database, ["PIPELINE_JOBS_DIR"] = jobs.Path };
        var ingest = await CliProcess.RunAsync(environment, "ingest", "--job", Job, "--json");
        Assert.True(ingest.ExitCode == 0, ingest.Stderr);
        var chunks = JsonDocument.Parse(ingest.Stdout).RootElement.GetProperty("chunks_written").GetInt64();

        var plan = await JsonAsync(environment, "models", "plan", Job, "--model", "arctic-embed-xs", "--json");
        Assert.Equal((chunks, chunks), (plan.GetProperty("chunks").GetInt64(), plan.GetProperty("to_embed").GetInt64()));
        Assert.True(plan.GetProperty("tokens_per_second").GetDouble() > 0);
        Assert.True(plan.GetProperty("estimated_minutes").GetDouble() > 0);

        var build = await JsonAsync(environment, "models", "build", Job, "--model", "arctic-embed-xs", "--wait", "--json");
        Assert.Equal("built", build.GetProperty("status").GetString());
        Assert.Equal(chunks, build.GetProperty("chunks_done").GetInt64());
        Assert.True(build.GetProperty("seconds").GetDouble() > 0);
        Assert.True(build.GetProperty("estimated_seconds").GetDouble() > 0);

        var activate = await JsonAsync(environment, "models", "activate", Job, "--model", "arctic-embed-xs", "--json");
        Assert.Equal((MiniLm, Arctic), (activate.GetProperty("previous_model").GetString(), activate.GetProperty("model").GetString()));
        var listing = await JsonAsync(environment, "models", "list", "--json");
        var job = listing.GetProperty("jobs")[0];
        Assert.Equal(Arctic, job.GetProperty("active_model").GetString());
        Assert.Equal([(Arctic, true), (MiniLm, false)],
            job.GetProperty("vectors").EnumerateArray().Select(v => (v.GetProperty("model_id").GetString(), v.GetProperty("active").GetBoolean())).ToList());
        var text = await CliProcess.RunAsync(environment, "models", "list");
        Assert.Contains($"job {Job} (pdf:{Job}): active {Arctic} (job file names all-MiniLM-L6-v2-int8", text.Stdout);

        // Back: MiniLM's vectors are all still there, so it activates without a build; then Arctic's go.
        var back = await JsonAsync(environment, "models", "activate", Job, "--model", "all-MiniLM-L6-v2-int8", "--json");
        Assert.Equal(MiniLm, back.GetProperty("model").GetString());
        var drop = await JsonAsync(environment, "models", "drop", Job, "--model", "arctic-embed-xs", "--json");
        Assert.Equal(chunks, drop.GetProperty("vectors_removed").GetInt64());

        var nothing = await CliProcess.RunAsync(environment, "models", "build", Job, "--model", "all-MiniLM-L6-v2-int8");
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("already the active model", nothing.Stderr);
        var incomplete = await CliProcess.RunAsync(environment, "models", "activate", Job, "--model", "arctic-embed-xs");
        Assert.Equal(2, incomplete.ExitCode);
        Assert.Contains($"{chunks} of {chunks} chunks of job {Job} have no {Arctic} vector", incomplete.Stderr);

        // Without --wait the build is queued for the service's workers, as a Hangfire job.
        var queued = await CliProcess.RunAsync(environment, "models", "build", Job, "--model", "arctic-embed-xs");
        Assert.True(queued.ExitCode == 0, queued.Stderr);
        Assert.Matches("queued as Hangfire job [0-9]+", queued.Stdout);
        await using var data = Npgsql.NpgsqlDataSource.Create(database);
        await using var command = data.CreateCommand(
            "SELECT (SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%ModelBuildJob%'), (SELECT status FROM pipeline.model_builds ORDER BY id DESC LIMIT 1)");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((1L, "building"), (reader.GetInt64(0), reader.GetString(1)));
    }

    private static async Task<JsonElement> JsonAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var result = await CliProcess.RunAsync(environment, args);
        Assert.True(result.ExitCode == 0, string.Join(' ', args) + ": " + result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }
}
