using System.CommandLine;
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
        var json = new Option<bool>("--json") { Description = "Print the run summary as one JSON object" };
        var command = new Command("ingest", "Run one ingestion now, in this process, and print its summary") { job, pdf, passwordEnv, noOcr, ocrLanguages, json };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(job) is null) == (result.GetValue(pdf) is null))
            {
                result.AddError("give exactly one of --job NAME or --pdf DIR");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var asJson = parse.GetValue(json);
            var progress = asJson ? null : new ProgressLine();
            RunSummary summary;
            if (parse.GetValue(job) is { } jobName)
            {
                summary = await runtime.Get<JobIngestion>().RunAsync(jobName, "cli", progress, cancellationToken);
            }
            else
            {
                var folder = parse.GetValue(pdf)!;
                var password = parse.GetValue(passwordEnv) is { } variable ? Environment.GetEnvironmentVariable(variable) : null;
                var ocr = new Extraction.Ocr.OcrOptions { Enabled = !parse.GetValue(noOcr), Languages = parse.GetValue(ocrLanguages)! };
                var source = SourceRegistry.AdHocPdfFolder(folder.FullName, password, ocr);
                var request = new IngestionRequest("adhoc:" + source.Key, source, new Core.Chunking.ChunkingOptions(), "cli", runtime.Settings.DocumentParallelism);
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
        Console.WriteLine($"Run {s.RunId} ({s.Job}) finished in {s.Seconds:0.0}s");
        Console.WriteLine($"  documents: {d.Seen} seen, {d.New} new, {d.Changed} changed, {d.Unchanged} unchanged, {d.Deleted} deleted, {d.Failed} failed");
        Console.WriteLine($"  chunks written: {s.ChunksWritten}; embeddings: {s.EmbeddingsComputed} computed, {s.EmbeddingsReused} reused"
            + (s.EmbeddingsComputed == 0 ? " (nothing needed embedding)" : ""));
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
