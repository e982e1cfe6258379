using System.CommandLine;
using System.Text.Json.Serialization;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Embeddings;
using Pipeline.Host.Jobs;
using Pipeline.Host.Models;
using Pipeline.Host.Scheduling;
using Pipeline.Storage.Index;
using Pipeline.Storage.Models;

namespace Pipeline.Host.Cli;

/// <summary>
/// <c>models list | plan | build | activate | drop</c>: embedding models as versions of a job's index, switched
/// blue/green (runbooks/switch-embedding-model.md).
/// </summary>
public static class ModelsCommand
{
    public sealed record ModelsListing(
        [property: JsonPropertyName("models")] IReadOnlyList<RegisteredRow> Models,
        [property: JsonPropertyName("jobs")] IReadOnlyList<JobModelsRow> Jobs,
        [property: JsonPropertyName("builds")] IReadOnlyList<ModelBuild> Builds);

    public sealed record RegisteredRow(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("sha256")] string Sha256,
        [property: JsonPropertyName("dimensions")] int Dimensions,
        [property: JsonPropertyName("max_tokens")] int MaxTokens,
        [property: JsonPropertyName("pooling")] string Pooling,
        [property: JsonPropertyName("query_prefix")] string QueryPrefix);

    public sealed record JobModelsRow(
        [property: JsonPropertyName("job")] string Job,
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("active_model")] string ActiveModel,
        [property: JsonPropertyName("job_file_model")] string JobFileModel,
        [property: JsonPropertyName("vectors")] IReadOnlyList<ModelCount> Vectors);

    public static Command Create() => new("models", "Embedding models of each job's index: list, plan a switch, build, activate, drop")
    {
        List(), Plan(), Build(), Activate(), Drop(),
    };

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("list", "Packaged models, each job's active model and vectors per model, and recent builds") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var listing = await ListAsync(runtime, cancellationToken);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(listing);
                return 0;
            }
            foreach (var m in listing.Models)
            {
                Console.WriteLine($"model {m.Id}: {m.Name}, {m.Dimensions} dims, {m.Pooling} pooling{(m.QueryPrefix.Length > 0 ? ", query prefix" : "")}, sha256 {m.Sha256[..12]}…");
            }
            foreach (var job in listing.Jobs)
            {
                Console.WriteLine($"job {job.Job} ({job.Source}): active {job.ActiveModel}"
                    + (ModelRegistry.Find(job.JobFileModel)?.Name == job.ActiveModel ? "" : $" (job file names {job.JobFileModel}: switch with models build/activate)"));
                foreach (var v in job.Vectors)
                {
                    Console.WriteLine($"  {v.ModelId}: {v.Chunks} vectors{(v.Active ? " (active)" : " (inactive)")}");
                }
            }
            foreach (var b in listing.Builds)
            {
                Console.WriteLine($"build {b.Id}: {b.Model} for {b.JobName}: {b.Status}, {b.ChunksDone}/{b.ChunksTotal} chunks"
                    + (b.Seconds is { } s ? $" in {s:0.0}s" : "") + (b.EstimatedSeconds is { } e ? $" (planned {e:0.0}s)" : "") + (b.Error is { } err ? $": {err}" : ""));
            }
            return 0;
        });
        return command;
    }

    public static Task<ModelsListing> ListAsync(CliRuntime runtime, CancellationToken cancellationToken) => ListAsync(runtime.Services, cancellationToken);

    /// <summary>The listing from any host's services: the CLI's, or the service's for the dashboard's Models page.</summary>
    public static async Task<ModelsListing> ListAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var models = ModelRegistry.All.Select(m => new RegisteredRow(m.Id, m.Name, m.Sha256, m.Dimensions, m.MaxTokens, m.Pooling.ToString().ToLowerInvariant(), m.QueryPrefix)).ToList();
        var jobs = new List<JobModelsRow>();
        foreach (var job in services.GetRequiredService<JobCatalog>().Jobs)
        {
            var source = Ingestion.SourceRegistry.KeyOf(job);
            var active = await services.GetRequiredService<JobModels>().ActiveAsync(job, cancellationToken);
            var vectors = await services.GetRequiredService<Storage.Monitoring.JobHealthQuery>().ModelsAsync(source, cancellationToken);
            jobs.Add(new JobModelsRow(job.Name, source, active.Model.Id, job.Embedding.Model, vectors));
        }
        return new ModelsListing(models, jobs, await services.GetRequiredService<ModelBuilds>().ListAsync(null, 20, cancellationToken));
    }

    private static (Argument<string> Job, Option<string> Model) Target(Command command)
    {
        var job = new Argument<string>("job") { Description = "Job name (jobs/*.json)" };
        var model = new Option<string>("--model") { Description = $"Model id: {string.Join(", ", ModelRegistry.Ids)}", Required = true };
        command.Add(job);
        command.Add(model);
        return (job, model);
    }

    private static Command Plan()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("plan", "What building the model for a job costs, before any work: chunks, tokens, estimated minutes at the model's tokens/s measured now; and both models' eval figures when the job names evaluation.questions") { json };
        var (job, model) = Target(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var plan = await runtime.Get<ModelPlanner>().PlanAsync(parse.GetValue(job)!, parse.GetValue(model)!, cancellationToken);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(plan);
                return 0;
            }
            Console.WriteLine($"job {plan.Job} ({plan.Source}): active {plan.ActiveModel}; plan for {plan.Model}");
            Console.WriteLine($"  chunks {plan.Chunks}, already embedded {plan.AlreadyEmbedded}, to embed {plan.ToEmbed} ({plan.Tokens} tokens)");
            Console.WriteLine($"  measured {plan.TokensPerSecond:0} tokens/s on {plan.SampleChunks} of the job's chunks"
                + (plan.BuildTokensPerSecond is { } b ? $"; its last build ran at {b:0} tokens/s" : "")
                + $": about {plan.EstimatedMinutes:0.0} minutes");
            WriteComparison(plan.Evaluation, plan.ActiveModel, plan.Model);
            return 0;
        });
        return command;
    }

    private static Command Build()
    {
        var wait = new Option<bool>("--wait") { Description = "Run the build here, showing progress, instead of queueing it for the service's background workers" };
        var json = new Option<bool>("--json") { Description = "Print the build as one JSON object" };
        var command = new Command("build", "Embed every stored chunk of the job with the model (no re-extraction), in the background; syncs write both models until it is activated or dropped") { wait, json };
        var (job, model) = Target(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var build = await runtime.Get<ModelSwitch>().OpenBuildAsync(parse.GetValue(job)!, parse.GetValue(model)!, cancellationToken);
            if (!parse.GetValue(wait))
            {
                var id = ModelBuildQueue.Enqueue(new BackgroundJobClient(PipelineHangfireStorage.Create(runtime.Settings, runtime.ConnectionString)), build);
                if (parse.GetValue(json))
                {
                    CliOutput.WriteJson(build);
                }
                else
                {
                    Console.WriteLine($"build {build.Id}: {build.Model} for {build.JobName} queued as Hangfire job {id}: {build.ChunksTotal} chunks to embed, about {(build.EstimatedSeconds ?? 0) / 60:0.0} minutes.");
                    Console.WriteLine("A running service (./pipeline up) works on it; follow it with ./pipeline models list or the dashboard's Models page.");
                }
                return 0;
            }
            var progress = new BuildProgressLine();
            var done = await runtime.Get<ModelBuildRunner>().RunAsync(build.Id, progress, cancellationToken);
            progress.Finish();
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(done);
            }
            else
            {
                Console.WriteLine($"build {done!.Id}: {done.Model} for {done.JobName}: {done.Status}, {done.ChunksDone}/{done.ChunksTotal} chunks"
                    + (done.Seconds is { } s ? $" in {s:0.0}s" : "") + (done.EstimatedSeconds is { } e ? $" (planned {e:0.0}s)" : "") + (done.Error is { } err ? $": {err}" : ""));
            }
            return done is { Status: ModelBuild.Built } ? 0 : 1;
        });
        return command;
    }

    private static Command Activate()
    {
        var force = new Option<bool>("--force") { Description = "Switch even when the model scores lower on the job's evaluation questions" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("activate", "Make the model the job's active one, atomically: queries use it from the next search on") { force, json };
        var (job, model) = Target(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var done = await runtime.Get<ModelSwitch>().ActivateAsync(parse.GetValue(job)!, parse.GetValue(model)!, parse.GetValue(force), cancellationToken);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(done);
                return 0;
            }
            Console.WriteLine($"job {done.Job} ({done.Source}): active model {done.PreviousModel} -> {done.Model}{(done.Forced ? " (forced past a lower score)" : "")}");
            WriteComparison(done.Evaluation, done.PreviousModel, done.Model);
            Console.WriteLine($"the previous model's vectors stay until ./pipeline models drop {done.Job} --model {ModelRegistry.Find(done.PreviousModel)?.Id ?? done.PreviousModel}");
            return 0;
        });
        return command;
    }

    private static Command Drop()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("drop", "Remove a model's vectors of the job (never the active model's); cancels its open build") { json };
        var (job, model) = Target(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var removed = await runtime.Get<ModelSwitch>().DropAsync(parse.GetValue(job)!, parse.GetValue(model)!, cancellationToken);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new { job = parse.GetValue(job), model = parse.GetValue(model), vectors_removed = removed });
                return 0;
            }
            Console.WriteLine($"removed {removed} vectors of {parse.GetValue(model)} from job {parse.GetValue(job)}");
            return 0;
        });
        return command;
    }

    private static void WriteComparison(ModelComparison? comparison, string active, string candidate)
    {
        if (comparison is null)
        {
            Console.WriteLine("  no evaluation: name evaluation.questions in the job to compare the models before switching");
            return;
        }
        Console.WriteLine($"  eval on {comparison.Questions} (k={comparison.K}):");
        Console.WriteLine($"    {active,-40} {Figures(comparison.Active)}");
        Console.WriteLine($"    {candidate,-40} {(comparison.Candidate is { } c ? Figures(c) : "no vectors yet (build first)")}");
    }

    private static string Figures(Core.Evaluation.RetrievalFigures f) =>
        $"R@1 {f.RecallAt1:0.000}  R@5 {f.RecallAt5:0.000}  MRR {f.Mrr:0.000}  hits {f.Hits:0.000}  answerable {f.Answerable:0.000}";

    /// <summary>Build progress on stderr: rewritten in place on a terminal, a line every 5 s otherwise.</summary>
    private sealed class BuildProgressLine : IProgress<ModelBuildProgress>
    {
        private readonly bool _interactive = !Console.IsErrorRedirected;
        private TimeSpan? _last;

        public void Report(ModelBuildProgress value)
        {
            if (_last is { } last && value.Elapsed - last < (_interactive ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5)))
            {
                return;
            }
            _last = value.Elapsed;
            var line = $"{value.Elapsed:hh\\:mm\\:ss} {value.Done}/{value.Total} chunks ({(value.Total == 0 ? 100 : 100.0 * value.Done / value.Total):0}%), {value.Embedded} embedded by this run";
            Console.Error.Write(_interactive ? "\r" + line : line + Environment.NewLine);
        }

        public void Finish()
        {
            if (_interactive && _last is not null)
            {
                Console.Error.WriteLine();
            }
        }
    }
}
