using System.Diagnostics;
using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Chunking;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Web;
using Pipeline.Storage;
using Pipeline.Storage.Migrations;

namespace Pipeline.Host.Bench;

/// <summary>
/// Search under load (<c>bench --search-load</c>): the real service (Kestrel, Hangfire, PostgreSQL) in two fresh bench
/// databases, each first given a base index of generated PDFs so searches have something to rank. In the first, the
/// folder is synced alone; in the second, the same sync runs while <c>clients</c> concurrent clients ask
/// <c>GET /api/search</c> without pause, for at least the given time and until the sync ends. Reported: the
/// latencies (p50, p95, p99), errors, and the sync's slow-down against running alone, all from one run.
/// </summary>
public static class SearchLoadBench
{
    private const int BaseDocuments = 40;
    private const int Top = 10;

    public sealed record Report(
        [property: JsonPropertyName("folder")] string Folder,
        [property: JsonPropertyName("base_documents")] int BaseDocuments,
        [property: JsonPropertyName("clients")] int Clients,
        [property: JsonPropertyName("minimum_seconds")] double MinimumSeconds,
        [property: JsonPropertyName("sync_alone_seconds")] double SyncAloneSeconds,
        [property: JsonPropertyName("sync_under_load_seconds")] double SyncUnderLoadSeconds,
        [property: JsonPropertyName("sync_slowdown")] double SyncSlowdown,
        [property: JsonPropertyName("load_seconds")] double LoadSeconds,
        [property: JsonPropertyName("requests")] int Requests,
        [property: JsonPropertyName("errors")] int Errors,
        [property: JsonPropertyName("requests_per_second")] double RequestsPerSecond,
        [property: JsonPropertyName("p50_ms")] double P50,
        [property: JsonPropertyName("p95_ms")] double P95,
        [property: JsonPropertyName("p99_ms")] double P99,
        [property: JsonPropertyName("max_ms")] double Max);

    public static async Task<Report> RunAsync(string folder, string questionsFile, int clients, TimeSpan minimum, PipelineSettings settings,
        string mainConnectionString, ILoggerFactory logging, TextWriter? progress, CancellationToken cancellationToken)
    {
        var questions = Evaluation.QuestionSet.Read(questionsFile).Select(q => q.Question).ToList();
        var basis = Directory.CreateTempSubdirectory("pipeline-bench-base-");
        try
        {
            await GeneratedPdfCorpus.WriteAsync(basis.FullName, BaseDocuments, seed: 7, cancellationToken);
            progress?.WriteLine($"search-load: syncing {folder} alone");
            var alone = await PhaseAsync("alone", basis.FullName, folder, questions, clients: 0, minimum, settings, mainConnectionString, logging, cancellationToken);
            progress?.WriteLine($"search-load: {alone.SyncSeconds:0.0}s alone; now under {clients} clients searching for at least {minimum.TotalSeconds:0}s");
            var loaded = await PhaseAsync("loaded", basis.FullName, folder, questions, clients, minimum, settings, mainConnectionString, logging, cancellationToken);
            var latencies = loaded.Latencies.Order().ToList();
            return new Report(folder, BaseDocuments, clients, minimum.TotalSeconds, Math.Round(alone.SyncSeconds, 2), Math.Round(loaded.SyncSeconds, 2),
                Math.Round(loaded.SyncSeconds / alone.SyncSeconds, 3), Math.Round(loaded.LoadSeconds, 2), latencies.Count + loaded.Errors, loaded.Errors,
                Math.Round(latencies.Count / loaded.LoadSeconds, 1), Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
                latencies.Count == 0 ? 0 : Math.Round(latencies[^1], 1));
        }
        finally
        {
            basis.Delete(recursive: true);
        }
    }

    public static void Write(Report r)
    {
        Console.WriteLine($"bench --search-load: {r.Folder} synced into an index of {r.BaseDocuments} generated documents");
        Console.WriteLine($"  sync alone:        {r.SyncAloneSeconds,8:0.00} s");
        Console.WriteLine($"  sync under load:   {r.SyncUnderLoadSeconds,8:0.00} s   slow-down {r.SyncSlowdown:0.000}x");
        Console.WriteLine($"  load:              {r.Clients} clients for {r.LoadSeconds:0.0} s: {r.Requests} requests ({r.RequestsPerSecond:0.0}/s), {r.Errors} errors");
        Console.WriteLine($"  latency:           p50 {r.P50:0.0} ms   p95 {r.P95:0.0} ms   p99 {r.P99:0.0} ms   max {r.Max:0.0} ms");
    }

    private sealed record Phase(double SyncSeconds, double LoadSeconds, List<double> Latencies, int Errors);

    private static async Task<Phase> PhaseAsync(string label, string basis, string folder, IReadOnlyList<string> questions, int clients, TimeSpan minimum,
        PipelineSettings settings, string mainConnectionString, ILoggerFactory logging, CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync(mainConnectionString, cancellationToken, label);
        await using (var migrations = PipelineDataSource.Create(database.ConnectionString))
        {
            await new MigrationRunner(migrations, logging.CreateLogger<MigrationRunner>()).ApplyAsync(cancellationToken);
        }
        var app = ServiceHost.Build(settings, database.ConnectionString, ["--urls", "http://127.0.0.1:0"], logToStandardError: true);
        try
        {
            var address = new Uri((await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, cancellationToken)).First());
            var runner = app.Services.GetRequiredService<IngestionRunner>();
            await runner.RunAsync(new IngestionRequest("bench-base", SourceRegistry.AdHocPdfFolder(basis, null), new ChunkingOptions(), "bench", settings.DocumentParallelism),
                null, cancellationToken);

            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
            // Warm: the model's session and PostgreSQL's caches, as a service that has answered before.
            (await http.GetAsync($"/api/search?k={Top}&q=" + Uri.EscapeDataString(questions[0]), cancellationToken)).Dispose();

            var started = Stopwatch.StartNew();
            var sync = runner.RunAsync(new IngestionRequest("bench-load", SourceRegistry.AdHocPdfFolder(folder, null), new ChunkingOptions(), "bench", settings.DocumentParallelism),
                null, cancellationToken);
            var latencies = new List<double>();
            var errors = 0;
            var loaders = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
            {
                var mine = new List<double>();
                var failed = 0;
                for (var i = client; !sync.IsCompleted || started.Elapsed < minimum; i++)
                {
                    var question = questions[i % questions.Count];
                    var asked = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await http.GetAsync($"/api/search?k={Top}&q=" + Uri.EscapeDataString(question), cancellationToken);
                        await response.Content.ReadAsByteArrayAsync(cancellationToken);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            mine.Add(Stopwatch.GetElapsedTime(asked).TotalMilliseconds);
                        }
                        else
                        {
                            failed++;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        failed++;
                    }
                }
                lock (latencies)
                {
                    latencies.AddRange(mine);
                    errors += failed;
                }
            }, cancellationToken)).ToList();
            var summary = await sync;
            var syncSeconds = started.Elapsed.TotalSeconds;
            await Task.WhenAll(loaders);
            var loadSeconds = started.Elapsed.TotalSeconds;
            if (summary.Documents.Seen == 0)
            {
                throw new InvalidOperationException($"{folder} has no PDF to sync");
            }
            return new Phase(syncSeconds, loadSeconds, latencies, errors);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 1);
}
