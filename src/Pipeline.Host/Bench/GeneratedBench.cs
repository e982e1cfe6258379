using System.Diagnostics;
using System.Text.Json.Serialization;
using Pipeline.Core.Chunking;
using Pipeline.Host.Cli;
using Pipeline.Host.Ingestion;

namespace Pipeline.Host.Bench;

/// <summary>
/// Bounded memory under load: writes a generated folder of PDFs, ingests it, and reports wall time, throughput
/// and resident memory at every tenth of the documents; flat figures mean extraction and embedding stream.
/// </summary>
public static class GeneratedBench
{
    public sealed record Report(
        [property: JsonPropertyName("generated")] int Generated,
        [property: JsonPropertyName("seed")] int Seed,
        [property: JsonPropertyName("folder")] string Folder,
        [property: JsonPropertyName("generate_seconds")] double GenerateSeconds,
        [property: JsonPropertyName("document_parallelism")] int DocumentParallelism,
        [property: JsonPropertyName("documents")] int Documents,
        [property: JsonPropertyName("failed")] int Failed,
        [property: JsonPropertyName("pages")] long Pages,
        [property: JsonPropertyName("pages_ocr")] long OcrPages,
        [property: JsonPropertyName("chunks")] long Chunks,
        [property: JsonPropertyName("wall_seconds")] double WallSeconds,
        [property: JsonPropertyName("documents_per_second")] double DocumentsPerSecond,
        [property: JsonPropertyName("rss_before_bytes")] long ResidentBefore,
        [property: JsonPropertyName("peak_rss_bytes")] long PeakResident,
        [property: JsonPropertyName("peak_managed_bytes")] long PeakManaged,
        [property: JsonPropertyName("checkpoints")] IReadOnlyList<MemoryCheckpoint> Checkpoints);

    public static async Task<Report> RunAsync(
        IngestionRunner runner, PipelineSettings settings, int count, int seed, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pipeline-bench-generated-{Environment.ProcessId}");
        try
        {
            var writing = Stopwatch.StartNew();
            await GeneratedPdfCorpus.WriteAsync(folder, count, seed, cancellationToken);
            writing.Stop();

            // Writing the corpus allocated on its own: start the measured run from a collected heap.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = ProcessMemory.Read();
            var checkpoints = new MemoryCheckpoints(count, progress, progress is null ? null : c => Console.Error.WriteLine(Line(c)));
            using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var managedPeak = SampleManagedPeakAsync(stopSampling.Token);
            var clock = Stopwatch.StartNew();
            Core.Runs.RunSummary summary;
            try
            {
                var source = SourceRegistry.AdHocPdfFolder(folder, password: null);
                summary = await runner.RunAsync(
                    new IngestionRequest("bench-generated", source, new ChunkingOptions(), "bench", settings.DocumentParallelism), checkpoints, cancellationToken);
            }
            finally
            {
                clock.Stop();
                await stopSampling.CancelAsync();
            }
            var after = ProcessMemory.Read();

            return new Report(
                count, seed, folder, Math.Round(writing.Elapsed.TotalSeconds, 2), settings.DocumentParallelism,
                summary.Documents.Seen, summary.Documents.Failed, summary.Pages, summary.OcrPages, summary.ChunksWritten,
                Math.Round(clock.Elapsed.TotalSeconds, 2), Math.Round(summary.Documents.Seen / Math.Max(clock.Elapsed.TotalSeconds, 1e-6), 2),
                before.Resident, after.Peak, await managedPeak, checkpoints.Checkpoints);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    public static void Write(Report r)
    {
        Console.WriteLine($"bench --generate {r.Generated} (seed {r.Seed}): {r.Generated} PDFs written in {r.GenerateSeconds:0.00}s, documents in flight {r.DocumentParallelism}");
        Console.WriteLine($"  ingest: {r.Documents} documents ({r.Failed} failed), {r.Pages} pages ({r.OcrPages} OCR'd) -> {r.Chunks} chunks");
        Console.WriteLine($"  wall time: {r.WallSeconds:0.00}s; {r.DocumentsPerSecond:0.00} documents/s");
        Console.WriteLine($"  RSS before ingest: {Megabytes(r.ResidentBefore)} MB");
        Console.WriteLine($"  peak RSS (VmHWM): {Megabytes(r.PeakResident)} MB; peak managed heap {Megabytes(r.PeakManaged)} MB");
        foreach (var c in r.Checkpoints)
        {
            Console.WriteLine(Line(c));
        }
    }

    private static string Line(MemoryCheckpoint c) =>
        $"  RSS at {c.Percent,3}% ({c.Documents,5} documents): {Megabytes(c.ResidentBytes),8} MB; managed heap {Megabytes(c.ManagedBytes),7} MB";

    public static void WriteJson(Report report) => CliOutput.WriteJson(report);

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    // Checkpoints see the heap only at tenths; a spike between them would still show here.
    private static async Task<long> SampleManagedPeakAsync(CancellationToken cancellationToken)
    {
        var peak = GC.GetTotalMemory(forceFullCollection: false);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            }
        }
        catch (OperationCanceledException)
        {
        }
        return peak;
    }
}
