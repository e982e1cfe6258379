using System.CommandLine;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Chunking;
using Pipeline.Core.Embedding;
using Pipeline.Embeddings;
using Pipeline.Host.Cli;
using Pipeline.Host.Database;
using Pipeline.Host.Ingestion;
using Pipeline.Storage;
using Pipeline.Storage.Index;
using Pipeline.Storage.Migrations;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Bench;

/// <summary>
/// End-to-end throughput of a folder against the raw ONNX Runtime ceiling measured in the same process,
/// with the same model, threads and batch size, so the ratio says how much the pipeline around the model costs.
/// </summary>
public static class BenchCommand
{
    public sealed record BenchReport(
        [property: JsonPropertyName("folder")] string Folder,
        [property: JsonPropertyName("cores")] int Cores,
        [property: JsonPropertyName("onnx_threads")] int OnnxThreads,
        [property: JsonPropertyName("batch_size")] int BatchSize,
        [property: JsonPropertyName("document_parallelism")] int DocumentParallelism,
        [property: JsonPropertyName("documents")] int Documents,
        [property: JsonPropertyName("pages")] long Pages,
        [property: JsonPropertyName("chunks")] long Chunks,
        [property: JsonPropertyName("tokens")] long Tokens,
        [property: JsonPropertyName("seconds")] double Seconds,
        [property: JsonPropertyName("end_to_end_chunks_per_second")] double EndToEndChunksPerSecond,
        [property: JsonPropertyName("end_to_end_tokens_per_second")] double EndToEndTokensPerSecond,
        [property: JsonPropertyName("embedding_seconds")] double EmbeddingSeconds,
        [property: JsonPropertyName("embedding_tokens_per_second")] double EmbeddingTokensPerSecond,
        [property: JsonPropertyName("raw_sequence_length")] int RawSequenceLength,
        [property: JsonPropertyName("raw_onnx_tokens_per_second")] double RawOnnxTokensPerSecond,
        [property: JsonPropertyName("embedding_to_raw_ratio")] double EmbeddingToRawRatio,
        [property: JsonPropertyName("end_to_end_to_raw_ratio")] double EndToEndToRawRatio,
        [property: JsonPropertyName("same_batches_raw_tokens_per_second")] double SameBatchesRawTokensPerSecond,
        [property: JsonPropertyName("embedding_to_same_batches_ratio")] double EmbeddingToSameBatchesRatio,
        [property: JsonPropertyName("end_to_end_to_same_batches_ratio")] double EndToEndToSameBatchesRatio,
        [property: JsonPropertyName("tokens_wasted")] WastedTokens Wasted,
        [property: JsonPropertyName("stages")] IReadOnlyList<StageFigures> Stages,
        [property: JsonPropertyName("stage_seconds_sum")] double StageSecondsSum,
        [property: JsonPropertyName("overlap_ratio")] double OverlapRatio,
        [property: JsonPropertyName("peak_rss_bytes")] long PeakResident,
        [property: JsonPropertyName("cpu")] CpuFigures Cpu,
        [property: JsonPropertyName("text_layer")] ThroughputComparison? TextLayer,
        [property: JsonPropertyName("ocr")] ThroughputComparison? Ocr,
        [property: JsonPropertyName("files")] IReadOnlyList<FileFigures>? Files);

    /// <summary>Where the machine's CPU went during the ingest, and what the model alone needs at its raw speed.</summary>
    /// <param name="ProcessSeconds">This process's user and system CPU seconds: extraction, OCR's waiting, the model, chunking.</param>
    /// <param name="OcrSeconds">Tesseract and pdftoppm, child processes whose CPU is not in this process's.</param>
    /// <param name="DatabaseSeconds">The embedded PostgreSQL's CPU seconds; null with an external database (PIPELINE_DB).</param>
    /// <param name="CoresBusy">All of the above over the run's wall time: at the core count, the run is bound by CPU work, not by waiting.</param>
    /// <param name="ModelFloorSeconds">Tokens embedded over the same-batches raw rate: the wall time the model alone needs for this run's work.</param>
    public sealed record CpuFigures(
        [property: JsonPropertyName("process_seconds")] double ProcessSeconds,
        [property: JsonPropertyName("ocr_seconds")] double OcrSeconds,
        [property: JsonPropertyName("database_seconds")] double? DatabaseSeconds,
        [property: JsonPropertyName("cores_busy")] double CoresBusy,
        [property: JsonPropertyName("model_floor_seconds")] double ModelFloorSeconds,
        [property: JsonPropertyName("model_floor_share")] double ModelFloorShare);

    /// <summary>What the model computed beyond the text itself, and what it computed twice on purpose.</summary>
    /// <param name="PaddingShare">Padding tokens over real tokens (the issue's bound: 5%).</param>
    public sealed record WastedTokens(
        [property: JsonPropertyName("model_batches")] long ModelBatches,
        [property: JsonPropertyName("mean_batch_inputs")] double MeanBatchInputs,
        [property: JsonPropertyName("padding_tokens")] long PaddingTokens,
        [property: JsonPropertyName("padding_share")] double PaddingShare,
        [property: JsonPropertyName("prefix_tokens")] long PrefixTokens,
        [property: JsonPropertyName("prefix_share")] double PrefixShare,
        [property: JsonPropertyName("overlap_tokens")] long OverlapTokens,
        [property: JsonPropertyName("overlap_share")] double OverlapShare,
        [property: JsonPropertyName("embeddings_shared_or_reused")] long Reused);

    /// <summary>One stage over the run: wall seconds with at least one document in it, and the rest of the run.</summary>
    public sealed record StageFigures(
        [property: JsonPropertyName("stage")] string Stage,
        [property: JsonPropertyName("busy_seconds")] double BusySeconds,
        [property: JsonPropertyName("idle_seconds")] double IdleSeconds,
        [property: JsonPropertyName("most_in_flight")] int MostInFlight);

    public sealed record FileFigures(
        [property: JsonPropertyName("file")] string File,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("pages")] int Pages,
        [property: JsonPropertyName("ocr_pages")] int OcrPages,
        [property: JsonPropertyName("chunks")] int Chunks,
        [property: JsonPropertyName("mean_tokens")] double MeanTokens,
        [property: JsonPropertyName("seconds")] double Seconds,
        [property: JsonPropertyName("reading_order_agreement")] double? ReadingOrderAgreement);

    public static Command Create()
    {
        var folder = new Option<DirectoryInfo?>("--folder") { Description = "Folder of PDFs to ingest (default: the project's samples/pdf)" };
        var rawBatches = new Option<int>("--raw-batches") { Description = "Full batches fed to ONNX Runtime for the ceiling", DefaultValueFactory = _ => 8 };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object" };
        var perFile = new Option<bool>("--per-file") { Description = "Also print pages, OCR'd pages, chunks, mean tokens per chunk, seconds and reading-order agreement with pdftotext for each file" };
        var generate = new Option<int?>("--generate")
        {
            Description = "Instead of a folder: write N varied PDFs (1-6 pages) to a temp folder, ingest them, and report wall time, documents/s and RSS at every 10% of documents",
        };
        var seed = new Option<int>("--seed") { Description = "With --generate: the generator's seed (same seed, same files)", DefaultValueFactory = _ => 1 };
        var writeTo = new Option<DirectoryInfo?>("--write-to")
        {
            Description = "With --generate: only write the N PDFs to this folder (created; must be empty) and exit, e.g. to compare with ../shared/peers/compare.sh",
        };
        var int8 = new Option<bool>("--int8")
        {
            Description = "Instead of ingesting: compare the int8 MiniLM (built at first use) with fp32 - raw tokens/s of both and their ratio, and mean/min cosine over every chunk of the folder",
        };
        var models = new Option<bool>("--models")
        {
            Description = "Every registered model in one run: raw tokens/s (alternating rounds), end-to-end ingest of the folder (default ../shared/corpus/pdf when it exists), eval figures with --questions, cosine of int8 vectors to fp32",
        };
        var questions = new Option<FileInfo?>("--questions") { Description = "With --models or --retrieval: question set (format of shared/qa/questions.jsonl) scored on each index as eval does; with --search: the questions timed (default ../shared/qa/questions.jsonl)" };
        var retrieval = new Option<bool>("--retrieval")
        {
            Description = "Chunking sweep: for each model x budget x prefix x overlap, ingest --folder into a fresh bench database and score --questions dense, lexical and hybrid",
        };
        var sweepModels = new Option<string[]>("--model")
        {
            Description = "With --retrieval: models to sweep (repeatable)", DefaultValueFactory = _ => ["all-MiniLM-L6-v2", "arctic-embed-xs"], AllowMultipleArgumentsPerToken = true,
        };
        var budgets = new Option<int[]>("--budget")
        {
            Description = "With --retrieval: chunking.maxTokens values (repeatable)", DefaultValueFactory = _ => [128, 192, 256, 384], AllowMultipleArgumentsPerToken = true,
        };
        var prefixes = new Option<string[]>("--prefix")
        {
            Description = "With --retrieval: chunking.prefix values none|headings|title-headings (repeatable)", DefaultValueFactory = _ => ["none", "title-headings"], AllowMultipleArgumentsPerToken = true,
        };
        var overlaps = new Option<int[]>("--overlap")
        {
            Description = "With --retrieval: chunking.overlapPercent values (repeatable)", DefaultValueFactory = _ => [new ChunkingOptions().OverlapPercent], AllowMultipleArgumentsPerToken = true,
        };
        var fusions = new Option<string[]>("--fusion")
        {
            Description = "With --retrieval: hybrid settings [rrf:|convex:]DENSE:LEXICAL[@CANDIDATES] scored on each index (repeatable; default the configured PIPELINE_SEARCH_* one); the first is the row's hybrid",
            AllowMultipleArgumentsPerToken = true,
        };
        var search = new Option<bool>("--search")
        {
            Description = $"With --generate: after ingesting, time the retriever per mode (dense, lexical, hybrid) on --questions, each asked alone {SearchBench.Rounds} times, and print p50/p95 latency",
        };
        var searchLoad = new Option<bool>("--search-load")
        {
            Description = "Search under load: the real service syncs --folder (default ../shared/corpus/pdf) alone, then again while --clients clients query /api/search for at least --seconds; latency p50/p95/p99, errors and the sync's slow-down",
        };
        var loadClients = new Option<int>("--clients") { Description = "With --search-load: concurrent search clients", DefaultValueFactory = _ => 20 };
        var loadSeconds = new Option<int>("--seconds") { Description = "With --search-load: least seconds of load (it lasts until the sync ends)", DefaultValueFactory = _ => 60 };
        var command = new Command("bench", "Measure end-to-end and embedding throughput against the raw ONNX Runtime ceiling")
        {
            folder, rawBatches, json, perFile, generate, seed, writeTo, int8, models, questions, retrieval, sweepModels, budgets, prefixes, overlaps, fusions, search,
            searchLoad, loadClients, loadSeconds,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(searchLoad) && (result.GetValue(generate) is not null || result.GetValue(models) || result.GetValue(retrieval) || result.GetValue(int8) || result.GetValue(search)))
            {
                result.AddError("--search-load is a bench of its own: it does not combine with --generate, --models, --retrieval, --int8 or --search");
            }
            if (result.GetValue(generate) is { } count && count is < 1 or > 100_000)
            {
                result.AddError("--generate takes a number of PDFs between 1 and 100000");
            }
            if (result.GetValue(generate) is not null && (result.GetValue(folder) is not null || result.GetValue(perFile)))
            {
                result.AddError("--generate ingests its own folder: it cannot be combined with --folder or --per-file");
            }
            if (result.GetValue(int8) && (result.GetValue(generate) is not null || result.GetValue(perFile)))
            {
                result.AddError("--int8 compares models on a folder without ingesting it: it cannot be combined with --generate or --per-file");
            }
            if (result.GetValue(models) && (result.GetValue(int8) || result.GetValue(generate) is not null || result.GetValue(perFile)))
            {
                result.AddError("--models runs its own comparison: it cannot be combined with --int8, --generate or --per-file");
            }
            if (result.GetValue(retrieval) && (result.GetValue(models) || result.GetValue(int8) || result.GetValue(generate) is not null || result.GetValue(perFile)))
            {
                result.AddError("--retrieval runs its own sweep: it cannot be combined with --models, --int8, --generate or --per-file");
            }
            if (result.GetValue(retrieval) && (result.GetValue(questions) is null || result.GetValue(folder) is null))
            {
                result.AddError("--retrieval needs --questions FILE and --folder DIR (the PDFs the questions are about)");
            }
            if (result.GetValue(writeTo) is not null && (result.GetValue(generate) is null || result.GetValue(search)))
            {
                result.AddError("--write-to writes the folder --generate N makes, and nothing else: give --generate N, without --search");
            }
            if (result.GetValue(writeTo) is { } target && target.Exists && target.EnumerateFileSystemInfos().Any())
            {
                result.AddError($"--write-to {target.FullName} is not empty; give a new or empty folder");
            }
            if (result.GetValue(search) && result.GetValue(generate) is null)
            {
                result.AddError("--search times searches of the index --generate builds: give --generate N too (about 11 chunks per PDF)");
            }
            if (result.GetValue(questions) is not null && !result.GetValue(models) && !result.GetValue(retrieval) && !result.GetValue(search) && !result.GetValue(searchLoad))
            {
                result.AddError("--questions is scored per model by --models, per variant by --retrieval, timed by --search or asked by --search-load's clients; for the running model use `eval --questions`");
            }
            foreach (var model in result.GetValue(sweepModels) ?? [])
            {
                if (ModelRegistry.Find(model) is null)
                {
                    result.AddError($"--model '{model}' is not a packaged model; valid: {string.Join(", ", ModelRegistry.Ids)}");
                }
            }
            foreach (var prefix in result.GetValue(prefixes) ?? [])
            {
                if (prefix is not ("none" or "headings" or "title-headings"))
                {
                    result.AddError($"--prefix '{prefix}' is not one of none, headings, title-headings");
                }
            }
            foreach (var fusion in result.GetValue(fusions) ?? [])
            {
                if (!RetrievalSweep.TryParseFusion(fusion, new SearchOptions().Candidates, out _))
                {
                    result.AddError($"--fusion '{fusion}' is not [rrf:|convex:]DENSE:LEXICAL[@CANDIDATES] with weights 0-100 (not both 0) and 1-{SearchOptions.MaxCandidates} candidates, e.g. 1:1@200");
                }
            }
            if ((result.GetValue(fusions) ?? []).Length > 0 && !result.GetValue(retrieval))
            {
                result.AddError("--fusion scores hybrid settings in a --retrieval sweep");
            }
            if ((result.GetValue(budgets) ?? []).Any(b => b is < 16 or > 510) || (result.GetValue(overlaps) ?? []).Any(o => o is < 0 or > 50))
            {
                result.AddError("--budget takes 16 to 510 tokens and --overlap 0 to 50 percent");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = PipelineSettings.FromEnvironment();
            if (parse.GetValue(retrieval))
            {
                var variants = RetrievalSweep.Combinations(
                    parse.GetValue(sweepModels)!, parse.GetValue(budgets)!, parse.GetValue(prefixes)!.Select(ChunkPrefixNames.Parse).ToList(), parse.GetValue(overlaps)!);
                var fusionSettings = (parse.GetValue(fusions) ?? [])
                    .Select(f => RetrievalSweep.TryParseFusion(f, settings.Search.Candidates, out var fusion) ? fusion : throw new ArgumentException(f)).ToList();
                var sweep = await RetrievalSweep.RunAsync(parse.GetValue(folder)!.FullName, parse.GetValue(questions)!.FullName, variants, settings, cancellationToken, fusionSettings);
                if (parse.GetValue(json))
                {
                    CliOutput.WriteJson(sweep);
                }
                else
                {
                    sweep.Write(Console.Out);
                }
                return 0;
            }
            if (parse.GetValue(models))
            {
                var corpus = Path.GetFullPath(Path.Combine(settings.HomeDirectory, "..", "shared", "corpus", "pdf"));
                var modelsFolder = parse.GetValue(folder)?.FullName ?? (Directory.Exists(corpus) ? corpus : Path.Combine(settings.HomeDirectory, "samples", "pdf"));
                var perModel = await ModelsBench.RunAsync(modelsFolder, parse.GetValue(questions)?.FullName, settings, parse.GetValue(rawBatches), cancellationToken);
                if (parse.GetValue(json))
                {
                    CliOutput.WriteJson(perModel);
                }
                else
                {
                    perModel.Write(Console.Out);
                }
                return 0;
            }
            if (parse.GetValue(generate) is { } toWrite && parse.GetValue(writeTo) is { } target)
            {
                var pages = await GeneratedPdfCorpus.WriteAsync(target.FullName, toWrite, parse.GetValue(seed), cancellationToken);
                Console.WriteLine($"wrote {toWrite} PDFs ({pages} pages, seed {parse.GetValue(seed)}) to {target.FullName}");
                return 0;
            }
            var dir = parse.GetValue(folder)?.FullName ?? Path.Combine(settings.HomeDirectory, "samples", "pdf");
            if (parse.GetValue(int8))
            {
                var comparison = await Int8Bench.RunAsync(dir, settings, parse.GetValue(rawBatches), cancellationToken);
                if (parse.GetValue(json))
                {
                    CliOutput.WriteJson(comparison);
                }
                else
                {
                    Int8Bench.Write(comparison);
                }
                return 0;
            }
            using var logging = CliRuntime.CreateLoggerFactory();
            var main = await DatabaseBootstrap.ResolveAsync(settings, logging, cancellationToken);
            if (parse.GetValue(searchLoad))
            {
                if (parse.GetValue(loadClients) is < 1 or > 500 || parse.GetValue(loadSeconds) is < 1 or > 3600)
                {
                    throw new ArgumentException("--clients takes 1 to 500 and --seconds 1 to 3600");
                }
                var corpusFolder = Path.GetFullPath(Path.Combine(settings.HomeDirectory, "..", "shared", "corpus", "pdf"));
                var loadFolder = parse.GetValue(folder)?.FullName ?? (Directory.Exists(corpusFolder) ? corpusFolder : Path.Combine(settings.HomeDirectory, "samples", "pdf"));
                var questionsFile = parse.GetValue(questions)?.FullName ?? Path.GetFullPath(Path.Combine(settings.HomeDirectory, "..", "shared", "qa", "questions.jsonl"));
                var load = await SearchLoadBench.RunAsync(loadFolder, questionsFile, parse.GetValue(loadClients), TimeSpan.FromSeconds(parse.GetValue(loadSeconds)),
                    settings, main, logging, parse.GetValue(json) ? null : Console.Error, cancellationToken);
                if (parse.GetValue(json))
                {
                    CliOutput.WriteJson(load);
                }
                else
                {
                    SearchLoadBench.Write(load);
                }
                return load.Errors == 0 ? 0 : 1;
            }
            await using var database = await BenchDatabase.CreateAsync(main, cancellationToken);
            await using (var migrations = PipelineDataSource.Create(database.ConnectionString))
            {
                await new MigrationRunner(migrations, logging.CreateLogger<MigrationRunner>()).ApplyAsync(cancellationToken);
            }

            var services = new ServiceCollection();
            services.AddLogging(CliRuntime.ConfigureLogging);
            services.AddPipeline(settings, database.ConnectionString);
            services.AddSingleton(sp => new TimedEmbedder(sp.GetRequiredService<OnnxEmbedder>()));
            services.AddSingleton<IEmbedder>(sp => sp.GetRequiredService<TimedEmbedder>());
            await using var provider = services.BuildServiceProvider();

            if (parse.GetValue(generate) is { } count)
            {
                var generatedProgress = parse.GetValue(json) ? null : new ProgressLine();
                var generated = await GeneratedBench.RunAsync(
                    provider.GetRequiredService<IngestionRunner>(), settings, count, parse.GetValue(seed), generatedProgress, cancellationToken);
                generatedProgress?.Finish();
                SearchBench.Report? latency = null;
                if (parse.GetValue(search))
                {
                    var questionsFile = parse.GetValue(questions)?.FullName ?? Path.GetFullPath(Path.Combine(settings.HomeDirectory, "..", "shared", "qa", "questions.jsonl"));
                    latency = await SearchBench.RunAsync(provider.GetRequiredService<Storage.Retrieval.Retriever>(), questionsFile, generated.Chunks, cancellationToken);
                }
                if (parse.GetValue(json))
                {
                    if (latency is null)
                    {
                        GeneratedBench.WriteJson(generated);
                    }
                    else
                    {
                        CliOutput.WriteJson(new { generated, search = latency });
                    }
                }
                else
                {
                    GeneratedBench.Write(generated);
                    if (latency is not null)
                    {
                        SearchBench.Write(latency);
                    }
                }
                return generated.Documents == count ? 0 : 1;
            }

            var model = provider.GetRequiredService<OnnxEmbedder>();
            // The first call pays for session initialisation and memory arenas; keep it out of both measurements.
            await model.EmbedAsync(["warm-up"], cancellationToken);
            model.RunRawBatches(settings.EmbeddingBatchSize, 16, 1);

            var source = SourceRegistry.AdHocPdfFolder(dir, password: null);
            var progress = parse.GetValue(json) ? null : new ProgressLine();
            var times = new DocumentTimes(progress);
            var stageClock = new Core.Stages.StageClock();
            var cpuBefore = CpuReading.Take(settings);
            var summary = await provider.GetRequiredService<IngestionRunner>()
                .RunAsync(new IngestionRequest("bench", source, new ChunkingOptions(), "bench", settings.DocumentParallelism) { StageClock = stageClock }, times, cancellationToken);
            progress?.Finish();
            var cpuUsed = CpuReading.Take(settings) - cpuBefore;
            var peakResident = ProcessMemory.Read().Peak;
            var timed = provider.GetRequiredService<TimedEmbedder>();
            var stages = StageFiguresOf(stageClock, timed.Elapsed, summary.Seconds);
            // The pipeline's stages only: the model's calls are inside the embed stage's time already.
            var stageSecondsSum = stages.Where(s => s.Stage != ModelStage).Sum(s => s.BusySeconds);
            List<FileFigures>? files = null;
            if (parse.GetValue(perFile))
            {
                var agreement = await ReadingOrderBench.MeasureAsync(dir, PdfFiles(dir), cancellationToken);
                files = (await provider.GetRequiredService<DocumentStatistics>().ForSourceAsync(source.Key, cancellationToken))
                    .Select(d => new FileFigures(d.Document, d.FailureReason ?? d.Status, d.Pages, d.OcrPages, d.Chunks, Math.Round(d.MeanTokens, 1),
                        Math.Round(times.Times.GetValueOrDefault(d.Document).TotalSeconds, 2), agreement.GetValueOrDefault(d.Document)))
                    .ToList();
            }

            var sequence = summary.EmbeddingsComputed == 0 ? 128 : (int)Math.Clamp(summary.TokensEmbedded / summary.EmbeddingsComputed, 8, 512);
            var batches = parse.GetValue(rawBatches);
            var rawElapsed = model.RunRawBatches(settings.EmbeddingBatchSize, sequence, batches);
            var rawTokensPerSecond = (double)settings.EmbeddingBatchSize * sequence * batches / rawElapsed.TotalSeconds;
            // The run's own batches replayed raw: what the model alone needs for exactly this work.
            var sameBatches = model.RunRawShapes(timed.Shapes);
            var sameBatchesTokensPerSecond = timed.Tokens / Math.Max(sameBatches.TotalSeconds, 1e-6);

            var statistics = provider.GetRequiredService<DocumentStatistics>();
            var pdfs = PdfFiles(dir);
            var textLayer = await ExtractionBench.TextLayerAsync(pdfs, cancellationToken);
            var ocrPages = (await statistics.OcrPagesAsync(source.Key, cancellationToken)).Select(p => (Path.Combine(dir, p.Document), p.Page)).ToList();
            var ocr = await ExtractionBench.OcrAsync(ocrPages, new Extraction.Ocr.OcrOptions(), cancellationToken);

            var seconds = Math.Max(summary.Seconds, 1e-6);
            var embeddingSeconds = Math.Max(timed.Elapsed.TotalSeconds, 1e-6);
            var report = new BenchReport(
                dir, Environment.ProcessorCount, settings.OnnxThreads, settings.EmbeddingBatchSize, settings.DocumentParallelism,
                summary.Documents.Seen, summary.Pages, summary.ChunksWritten, summary.TokensEmbedded, Math.Round(summary.Seconds, 2),
                Math.Round(summary.ChunksWritten / seconds, 2),
                Math.Round(summary.TokensEmbedded / seconds, 0),
                Math.Round(timed.Elapsed.TotalSeconds, 2),
                Math.Round(timed.Tokens / embeddingSeconds, 0),
                sequence,
                Math.Round(rawTokensPerSecond, 0),
                Math.Round(timed.Tokens / embeddingSeconds / rawTokensPerSecond, 3),
                Math.Round(summary.TokensEmbedded / seconds / rawTokensPerSecond, 3),
                Math.Round(sameBatchesTokensPerSecond, 0),
                Math.Round(timed.Tokens / embeddingSeconds / sameBatchesTokensPerSecond, 3),
                Math.Round(summary.TokensEmbedded / seconds / sameBatchesTokensPerSecond, 3),
                WastedOf(summary),
                stages,
                Math.Round(stageSecondsSum, 2),
                Math.Round(summary.Seconds / Math.Max(stageSecondsSum, 1e-6), 3),
                peakResident,
                cpuUsed.Figures(summary.Seconds, timed.Tokens / Math.Max(sameBatchesTokensPerSecond, 1e-6)),
                textLayer,
                ocr,
                files);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(report);
            }
            else
            {
                Write(report);
            }
            return 0;
        });
        return command;
    }

    /// <summary>The ONNX Runtime calls themselves, apart from the embed stage (which also counts waiting for a batch).</summary>
    private const string ModelStage = "model (onnx)";

    private static List<StageFigures> StageFiguresOf(Core.Stages.StageClock clock, TimeSpan model, double runSeconds)
    {
        var figures = clock.Times()
            .Select(t => new StageFigures(t.Stage, Math.Round(t.Busy.TotalSeconds, 2), Math.Round(Math.Max(0, runSeconds - t.Busy.TotalSeconds), 2), t.MostInFlight))
            .ToList();
        // One run's calls never overlap (CoalescingEmbedder), so their sum is the model's busy wall time.
        figures.Add(new StageFigures(ModelStage, Math.Round(model.TotalSeconds, 2), Math.Round(Math.Max(0, runSeconds - model.TotalSeconds), 2), 1));
        return figures;
    }

    private static WastedTokens WastedOf(Core.Runs.RunSummary s)
    {
        double Share(long part) => s.TokensEmbedded == 0 ? 0 : Math.Round((double)part / s.TokensEmbedded, 4);
        var computed = s.EmbeddingsComputed;
        return new WastedTokens(
            s.ModelBatches, s.ModelBatches == 0 ? 0 : Math.Round((double)computed / s.ModelBatches, 1),
            s.PaddingTokens, Share(s.PaddingTokens), s.PrefixTokens, Share(s.PrefixTokens), s.OverlapTokens, Share(s.OverlapTokens), s.EmbeddingsReused);
    }

    private static List<string> PdfFiles(string dir) =>
        Directory.EnumerateFiles(dir, "*.pdf", new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive })
            .Order(StringComparer.Ordinal).ToList();

    private static void Write(BenchReport r)
    {
        Console.WriteLine($"bench: {r.Folder}");
        Console.WriteLine($"  machine: {r.Cores} cores; ONNX Runtime intra-op threads {r.OnnxThreads}, batch {r.BatchSize}, documents in flight {r.DocumentParallelism}");
        Console.WriteLine($"  input: {r.Documents} documents, {r.Pages} pages -> {r.Chunks} chunks, {r.Tokens} tokens in {r.Seconds:0.00}s");
        Console.WriteLine($"  end-to-end:       {r.EndToEndChunksPerSecond,10:0.0} chunks/s {r.EndToEndTokensPerSecond,10:0} tokens/s   ratio to raw {r.EndToEndToRawRatio:0.000}");
        Console.WriteLine($"  embedding stage:  {r.EmbeddingTokensPerSecond,31:0} tokens/s   ratio to raw {r.EmbeddingToRawRatio:0.000}  ({r.EmbeddingSeconds:0.00}s)");
        Console.WriteLine($"  raw ONNX ceiling: {r.RawOnnxTokensPerSecond,31:0} tokens/s   (full batches of {r.BatchSize} x {r.RawSequenceLength} tokens)");
        Console.WriteLine($"  same batches raw: {r.SameBatchesRawTokensPerSecond,31:0} tokens/s   (the run's own batch shapes replayed; embedding {r.EmbeddingToSameBatchesRatio:0.000}, end-to-end {r.EndToEndToSameBatchesRatio:0.000} of it)");
        var w = r.Wasted;
        Console.WriteLine($"  model batches:    {w.ModelBatches} ({w.MeanBatchInputs:0.0} inputs each); padding {w.PaddingTokens} tokens = {w.PaddingShare:P1} of real tokens");
        Console.WriteLine($"  repeated tokens:  heading prefixes {w.PrefixTokens} ({w.PrefixShare:P1}), overlap {w.OverlapTokens} ({w.OverlapShare:P1}); vectors shared or reused {w.Reused}");
        Console.WriteLine($"  {"stage",-22} {"busy s",8} {"idle s",8} {"in flight",10}");
        foreach (var stage in r.Stages)
        {
            Console.WriteLine($"  {stage.Stage,-22} {stage.BusySeconds,8:0.00} {stage.IdleSeconds,8:0.00} {stage.MostInFlight,10}");
        }
        if (r.Stages.FirstOrDefault(s => s.Stage == "redact") is { } redact && r.Seconds > 0)
        {
            // Wall time with a document in the stage: an upper bound on what redaction costs the run.
            Console.WriteLine($"  redaction:        {redact.BusySeconds:0.00}s busy = {redact.BusySeconds / r.Seconds:P1} of the run");
        }
        Console.WriteLine($"  overlap:          run {r.Seconds:0.00}s against {r.StageSecondsSum:0.00}s of stage busy time summed = {r.OverlapRatio:0.000} (1 = stages one after another)");
        Console.WriteLine($"  peak RSS (VmHWM): {r.PeakResident / (1024.0 * 1024.0):0.0} MB");
        var c = r.Cpu;
        var database = c.DatabaseSeconds is { } d ? $"{d:0.0}s" : "not measured (external database)";
        Console.WriteLine($"  cpu:              this process {c.ProcessSeconds:0.0}s, OCR tools {c.OcrSeconds:0.0}s, PostgreSQL {database} = {c.CoresBusy:0.00} of {r.Cores} cores busy over the run");
        Console.WriteLine($"  model floor:      {c.ModelFloorSeconds:0.00}s = the run's tokens at the same-batches raw rate, {c.ModelFloorShare:P1} of the run");
        Console.WriteLine(r.TextLayer is { } t
            ? $"  text layer:       {t.PagesPerSecond,10:0.0} pages/s  vs {t.Baseline} {t.BaselinePagesPerSecond:0.0} pages/s   ratio {t.Ratio:0.000}  ({t.Pages} pages)"
            : "  text layer:       no readable PDF");
        Console.WriteLine(r.Ocr is { } o
            ? $"  OCR:              {o.PagesPerSecond,10:0.00} pages/s  vs {o.Baseline} {o.BaselinePagesPerSecond:0.00} pages/s   ratio {o.Ratio:0.000}  ({o.Pages} pages)"
            : "  OCR:              no page of this folder needed OCR");
        if (r.Files is { } files)
        {
            Console.WriteLine();
            Console.WriteLine($"  {"file",-48} {"status",-10} {"pages",6} {"ocr",5} {"chunks",7} {"tokens/chunk",13} {"seconds",8} {"reading order",14}");
            foreach (var f in files)
            {
                var agreement = f.ReadingOrderAgreement is { } a ? a.ToString("0.000") : "-";
                Console.WriteLine($"  {f.File,-48} {f.Status,-10} {f.Pages,6} {f.OcrPages,5} {f.Chunks,7} {f.MeanTokens,13:0.0} {f.Seconds,8:0.00} {agreement,14}");
            }
            Console.WriteLine("  reading order: share of the text layer's word pairs that pdftotext's reading of the same page also has (tables and OCR'd pages left out)");
        }
    }
}
