using System.CommandLine;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Runs;
using Pipeline.Host.Ingestion;

namespace Pipeline.Host.Cli;

public static class IngestCommand
{
    public static Command Create()
    {
        var job = new Option<string?>("--job") { Description = "Run a job defined in jobs/ by its name" };
        var pdf = new Option<DirectoryInfo?>("--pdf") { Description = "Ingest an ad-hoc folder of PDFs (documents are named by their path relative to it)" };
        var passwordEnv = new Option<string?>("--password-env") { Description = "With --pdf: environment variable holding the password of encrypted PDFs" };
        var noOcr = new Option<bool>("--no-ocr") { Description = "With --pdf: do not OCR pages without a usable text layer (they are recorded as skipped)" };
        var ocrLanguages = new Option<string>("--ocr-languages") { Description = "With --pdf: Tesseract languages, e.g. eng+deu", DefaultValueFactory = _ => "eng" };
        var jira = new Option<string?>("--jira") { Description = "Sync a Jira site ad hoc (SITE_URL, REST under SITE_URL/rest/api/3); credentials from JIRA_EMAIL + JIRA_API_TOKEN or JIRA_PAT" };
        var jql = new Option<string?>("--jql") { Description = "With --jira: the JQL filter, e.g. \"project = KEY\"" };
        var confluence = new Option<string?>("--confluence") { Description = "Sync Confluence spaces ad hoc (SITE_URL, REST under SITE_URL/wiki/api/v2); credentials from CONFLUENCE_EMAIL + CONFLUENCE_API_TOKEN or CONFLUENCE_PAT" };
        var space = new Option<string[]>("--space") { Description = "With --confluence: a space key (repeatable)", AllowMultipleArgumentsPerToken = false };
        var full = new Option<bool>("--full") { Description = "List the whole source (and delete what vanished) even when an incremental sync would do" };
        var confirmDeletions = new Option<bool>("--confirm-deletions") { Description = "With --job: a full sync that may delete more than the job's deletion limit (after a blocked sync, once the source is known to be right)" };
        var reprocess = new Option<bool>("--reprocess") { Description = "With --job: re-extract and re-chunk every document even if neither it nor the job changed (chunks that come out the same keep their vectors)" };
        var json = new Option<bool>("--json") { Description = "Print the run summary as one JSON object" };
        var command = new Command("ingest", "Run one ingestion now, in this process, and print its summary") { job, pdf, passwordEnv, noOcr, ocrLanguages, jira, jql, confluence, space, full, confirmDeletions, reprocess, json };
        command.Validators.Add(result =>
        {
            var given = new object?[] { result.GetValue(job), result.GetValue(pdf), result.GetValue(jira), result.GetValue(confluence) }.Count(v => v is not null);
            if (given != 1)
            {
                result.AddError("give exactly one of --job NAME, --pdf DIR, --jira SITE_URL --jql JQL, --confluence SITE_URL --space KEY");
            }
            if (result.GetValue(confirmDeletions) && result.GetValue(job) is null)
            {
                result.AddError("--confirm-deletions needs --job NAME");
            }
            if (result.GetValue(reprocess) && result.GetValue(job) is null)
            {
                result.AddError("--reprocess needs --job NAME");
            }
            if (result.GetValue(jira) is not null && string.IsNullOrWhiteSpace(result.GetValue(jql)))
            {
                result.AddError("--jira needs --jql \"...\"");
            }
            if (result.GetValue(confluence) is not null && result.GetValue(space) is not { Length: > 0 })
            {
                result.AddError("--confluence needs at least one --space KEY");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var asJson = parse.GetValue(json);
            var progress = asJson ? null : new ProgressLine();
            RunSummary summary;
            var mode = parse.GetValue(full) ? SyncMode.Full : SyncMode.Auto;
            if (parse.GetValue(job) is { } jobName)
            {
                summary = await runtime.Get<JobIngestion>().RunAsync(jobName, "cli", progress, cancellationToken, mode, confirmDeletions: parse.GetValue(confirmDeletions), reprocess: parse.GetValue(reprocess));
            }
            else
            {
                Core.Sources.IDocumentSource source;
                if (parse.GetValue(pdf) is { } folder)
                {
                    var password = parse.GetValue(passwordEnv) is { } variable ? Environment.GetEnvironmentVariable(variable) : null;
                    var ocr = new Extraction.Ocr.OcrOptions { Enabled = !parse.GetValue(noOcr), Languages = parse.GetValue(ocrLanguages)! };
                    source = SourceRegistry.AdHocPdfFolder(folder.FullName, password, ocr, runtime.Get<ILoggerFactory>());
                }
                else if (parse.GetValue(jira) is { } site)
                {
                    source = SourceRegistry.AdHocJira(site, parse.GetValue(jql)!, runtime.Get<ILoggerFactory>());
                }
                else
                {
                    source = SourceRegistry.AdHocConfluence(parse.GetValue(confluence)!, parse.GetValue(space)!, runtime.Get<ILoggerFactory>());
                }
                var request = new IngestionRequest("adhoc:" + source.Key, source, new Core.Chunking.ChunkingOptions(), "cli", runtime.Settings.DocumentParallelism) { Mode = mode };
                summary = await runtime.Get<IngestionRunner>().RunAsync(request, progress, cancellationToken);
            }
            progress?.Finish();
            if (asJson)
            {
                CliOutput.WriteJson(summary);
            }
            else
            {
                WriteText(summary);
            }
            return 0;
        });
        return command;
    }

    private static void WriteText(RunSummary s)
    {
        var d = s.Documents;
        Console.WriteLine($"Run {s.RunId} ({s.Job}, {s.Mode}) finished in {s.Seconds:0.0}s");
        Console.WriteLine($"  documents: {d.Seen} seen, {d.New} new, {d.Changed} changed, {d.Unchanged} unchanged, {d.Deleted} deleted, {d.Failed} failed"
            + (d.VanishedKept > 0 ? $", {d.VanishedKept} missing from the listing but kept" : "")
            + (d.Reprocessed > 0 ? $"; {d.Reprocessed} reprocessed (pipeline changed or --reprocess)" : ""));
        if (s.Requests is { } r)
        {
            Console.WriteLine($"  requests: {r.Requests} ({r.Retries} retries, {r.Throttled} throttled)");
        }
        Console.WriteLine($"  chunks written: {s.ChunksWritten}; embeddings: {s.EmbeddingsComputed} computed, {s.EmbeddingsReused} reused"
            + (s.EmbeddingsComputed == 0 ? " (nothing needed embedding)" : ""));
        if (s.Redaction.Detectors.Count > 0)
        {
            var x = s.Redaction;
            Console.WriteLine($"  sensitive data: {string.Join(", ", x.Detectors.Select(d => $"{d.Key} {d.Value}"))}"
                + $" ({string.Join(", ", x.Actions.Select(a => $"{a.Value} {a.Key}"))})"
                + (x.ChunksDropped > 0 ? $"; {x.ChunksDropped} chunk(s) dropped" : "")
                + (x.Secrets > 0 ? $"; {x.Secrets} secret(s): see runbooks/secret-found-in-a-source.md" : ""));
        }
        if (s.Truncated > 0)
        {
            Console.WriteLine($"  warning: {s.Truncated} chunk(s) were longer than the model reads and were truncated");
        }
        foreach (var failure in s.Failures)
        {
            Console.WriteLine($"  failed: {failure.Document}: {failure.Reason}: {failure.Message}");
        }
    }
}
