using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Pipeline.Core.Drift;
using Pipeline.Host.Monitoring;
using Pipeline.Storage.Monitoring;

namespace Pipeline.Host.Cli;

/// <summary><c>health [--json]</c>: each job's freshness, drift, canaries and model mix; exit 0 healthy, 1 when anything crossed.</summary>
public static class HealthCommand
{
    public sealed record HealthOutput(
        [property: JsonPropertyName("healthy")] bool Healthy,
        [property: JsonPropertyName("jobs")] IReadOnlyList<JobHealth> Jobs);

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the health as one JSON object" };
        var command = new Command("health", "Each job's freshness, latest drift figures against thresholds, canaries and model mix (exit 1 when anything crossed)") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var jobs = await runtime.Get<JobHealthReport>().GetAsync(cancellationToken);
            var healthy = jobs.All(j => j.Healthy);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new HealthOutput(healthy, jobs));
            }
            else
            {
                foreach (var job in jobs)
                {
                    Print(job);
                }
                Console.WriteLine(jobs.Count == 0 ? "no jobs in the jobs folder" : healthy ? "healthy" : "UNHEALTHY");
            }
            return healthy ? 0 : 1;
        });
        return command;
    }

    private static void Print(JobHealth job)
    {
        Console.WriteLine($"job {job.Job} ({job.Source ?? "never ran"}): {(job.Healthy ? "healthy" : "UNHEALTHY")}");
        var f = job.Freshness;
        var success = f.LastSuccessAt is not null ? $"last success {f.LastSuccessAt:u} ({f.AgeHours:0.#} h ago)"
            : f.RegisteredAt is { } registered ? $"never synced (registered {registered:u}, {f.AgeHours:0.#} h ago)" : "never succeeded";
        Console.WriteLine($"  freshness: {success}, SLA {f.SlaHours:0.##} h; last full listing {f.LastVerifiedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never"}; {f.StaleDocuments} documents unread for over {f.ReverifyDays:0.#} days");
        if (job.LastRun is { } run)
        {
            var counts = run.Summary?.Documents is { } d ? $": {d.Seen} seen, {d.New} new, {d.Changed} changed, {d.Deleted} deleted, {d.Failed} failed" : "";
            Console.WriteLine($"  last run {run.RunId} {run.Status} at {run.StartedAt:u}{counts}{(run.Error is null ? "" : ": " + run.Error)}");
        }
        if (job.FiguresRunId is { } figuresRun)
        {
            Console.WriteLine($"  figures of run {figuresRun}:");
            foreach (var figure in job.Figures)
            {
                Console.WriteLine($"    {figure.Name,-22} {Format(figure.Value),10}{Limit(figure)}{(figure.Crossed ? "  CROSSED" : "")}");
            }
        }
        if (job.Canaries is { } canaries)
        {
            Console.WriteLine($"  canaries of run {canaries.RunId}: recall@k {canaries.Recall:0.##}");
            foreach (var c in canaries.Results)
            {
                var outcome = c.Rank is { } rank ? $"rank {rank}" : $"MISSED (top: {c.TopDocument ?? "nothing"})";
                var caller = c.Caller == CanaryResult.Anonymous ? "" : $" [{c.Caller}]";
                Console.WriteLine($"    \"{c.Query}\"{caller} → {c.Expect} (k={c.K}): {outcome}");
            }
        }
        foreach (var model in job.Models)
        {
            Console.WriteLine($"  model {model.ModelId} ({model.ModelSha256[..Math.Min(12, model.ModelSha256.Length)]}…): {model.Chunks} chunks");
        }
        foreach (var stale in job.Stale)
        {
            Console.WriteLine($"  stale (last good version kept): {stale.Document}: {stale.Reason} since {stale.Since:u}, {stale.Attempts} attempts");
        }
        foreach (var problem in job.Problems)
        {
            Console.WriteLine($"  problem: {problem}");
        }
    }

    private static string Format(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "-";

    private static string Limit(RunFigure figure) => figure.Threshold is { } t
        ? (figure.Name == RunFigureNames.CanaryRecall ? "  (min " : "  (max ") + t.ToString("0.####", CultureInfo.InvariantCulture) + ")"
        : "";
}
