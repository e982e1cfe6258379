using System.CommandLine;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Storage.Index;

namespace Pipeline.Host.Cli;

public static class StatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the status as one JSON object" };
        var command = new Command("status", "Documents, chunks, quarantined and stale documents and each job's last successful run") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var catalog = runtime.Get<JobCatalog>().Jobs;
            var status = await runtime.Get<IndexStatusQuery>().GetAsync(catalog.Select(j => j.Name), cancellationToken);
            status = status with
            {
                Reprocess = await runtime.Get<ReprocessPendingQuery>().GetAsync(catalog.Select(j => (j.Name, JobIngestion.FingerprintFor(j))), cancellationToken),
            };
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(status);
                return 0;
            }
            Console.WriteLine($"documents: {status.Documents} indexed, {status.FailedDocuments} failed/quarantined; chunks: {status.Chunks}");
            foreach (var model in status.Models)
            {
                // Inactive: a build waiting for `models activate`, or the old model kept until `models drop`.
                Console.WriteLine($"model: {model.ModelId} ({model.ModelSha256[..Math.Min(12, model.ModelSha256.Length)]}…) {model.Chunks} vectors"
                    + (model.Active ? "" : " (inactive: not searched; see ./pipeline models list)"));
            }
            foreach (var job in status.Jobs)
            {
                var last = job.LastSuccessAt is null ? "never succeeded" : $"last success {job.LastSuccessAt:u} ({TimeSpan.FromSeconds(job.LastSuccessAgeSeconds ?? 0):d\\.hh\\:mm\\:ss} ago)";
                Console.WriteLine($"job {job.Job}: {last}; last run {job.LastRunStatus ?? "none"}{(job.Running ? " (running now)" : "")}");
            }
            foreach (var r in status.Reprocess)
            {
                Console.WriteLine($"reprocess pending: job {r.Job} source {r.Source}: {r.Pending} documents"
                    + (r.Pending > 0 ? " (the job's chunking or quality settings, or the extractor, changed; the next sync reprocesses them)" : ""));
            }
            foreach (var q in status.Quarantined)
            {
                Console.WriteLine($"quarantined: {q.Source} {q.Document}: {q.Reason}: {q.Message}");
            }
            foreach (var s in status.Stale)
            {
                Console.WriteLine($"stale (last good version kept): {s.Source} {s.Document}: {s.Reason} since {s.Since:u}, {s.Attempts} attempts: {s.Message}");
            }
            return 0;
        });
        return command;
    }
}
