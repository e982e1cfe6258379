using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pipeline.Core.Chunking;
using Pipeline.Core.Embedding;
using Pipeline.Core.Runs;
using Pipeline.Core.Stages;
using Pipeline.Storage.Index;
using Pipeline.Storage.Runs;

namespace Pipeline.Host.Ingestion;

/// <summary>
/// One run over one source: list it, send each new or changed document through the stages, remove what the
/// source no longer has, and record the run. Unchanged documents (same source version) are not even read.
/// </summary>
public sealed partial class IngestionRunner(
    NpgsqlDataSource dataSource,
    DocumentIndex index,
    RunLedger ledger,
    IEmbedder embedder,
    ITokenCounter tokens,
    ILoggerFactory loggerFactory,
    ILogger<IngestionRunner> logger)
{
    public async Task<RunSummary> RunAsync(IngestionRequest request, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        var source = request.Source;
        await using var sourceLock = await SourceLock.AcquireAsync(dataSource, source.Key, cancellationToken);
        // Holding the source lock proves no live process owns a 'running' row of this job.
        await ledger.AbandonRunningAsync(request.JobName, cancellationToken);
        var runId = await ledger.StartAsync(request.JobName, source.Key, request.Trigger, cancellationToken);
        LogStarted(runId, request.JobName, source.Key, request.Trigger);
        var clock = Stopwatch.StartNew();
        try
        {
            var summary = await IngestAsync(runId, request, progress, clock, cancellationToken);
            await ledger.SucceedAsync(summary, CancellationToken.None);
            LogFinished(runId, summary.Documents.Seen, summary.Documents.New, summary.Documents.Changed, summary.Documents.Unchanged,
                summary.Documents.Deleted, summary.Documents.Failed, summary.EmbeddingsComputed, summary.Seconds);
            return summary;
        }
        catch (Exception e)
        {
            await ledger.FailAsync(runId, e is OperationCanceledException ? "cancelled" : e.Message, CancellationToken.None);
            throw;
        }
    }

    private async Task<RunSummary> IngestAsync(long runId, IngestionRequest request, IProgress<IngestionProgress>? progress, Stopwatch clock, CancellationToken cancellationToken)
    {
        var source = request.Source;
        var pipeline = Compose(request.Chunking);
        var indexed = await index.LoadAsync(source.Key, cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var counters = new RunCounters();
        var failures = new List<DocumentFailure>();
        var tally = new object();
        int added = 0, changed = 0, unchanged = 0;

        // Documents overlap so one is extracted (single-threaded PdfPig) while another is embedded (ONNX threads).
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = request.DocumentParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Distinct(source.ListAsync(cancellationToken), seen), parallel, async (reference, token) =>
        {
            var started = Stopwatch.GetTimestamp();
            indexed.TryGetValue(reference.ExternalId, out var previous);
            var result = DocumentResult.Unchanged;
            if (previous is not { Status: "indexed" } || previous.Version != reference.Version)
            {
                var context = new DocumentContext(runId, source, reference, previous, counters);
                var outcome = await pipeline.ProcessAsync(context, token);
                if (outcome.Status == StageStatus.Failed)
                {
                    var failure = new DocumentFailure(reference.ExternalId, outcome.Reason ?? "failed", outcome.Message ?? "");
                    await index.MarkFailedAsync(source.Key, reference, failure.Reason, failure.Message, runId, token);
                    lock (tally)
                    {
                        failures.Add(failure);
                    }
                    result = DocumentResult.Failed;
                }
                else if (context.ContentUnchanged)
                {
                    await index.TouchAsync(source.Key, reference, runId, token);
                }
                else
                {
                    result = previous is { Status: "indexed" } ? DocumentResult.Changed : DocumentResult.New;
                }
            }
            lock (tally)
            {
                switch (result)
                {
                    case DocumentResult.Unchanged: unchanged++; break;
                    case DocumentResult.Changed: changed++; break;
                    case DocumentResult.New: added++; break;
                }
                progress?.Report(new IngestionProgress(seen.Count, added + changed, unchanged, failures.Count, counters.EmbeddingsComputed, reference.ExternalId, clock.Elapsed, Stopwatch.GetElapsedTime(started)));
            }
        });

        var gone = indexed.Keys.Where(id => !seen.Contains(id)).ToList();
        var deleted = await index.DeleteAsync(source.Key, gone, cancellationToken);

        return new RunSummary
        {
            RunId = runId,
            Job = request.JobName,
            Source = source.Key,
            Documents = new DocumentCounts
            {
                Seen = seen.Count, New = added, Changed = changed, Unchanged = unchanged, Deleted = deleted, Failed = failures.Count,
            },
            ChunksWritten = counters.ChunksWritten,
            EmbeddingsComputed = counters.EmbeddingsComputed,
            EmbeddingsReused = counters.EmbeddingsReused,
            TokensEmbedded = counters.TokensEmbedded,
            Truncated = counters.Truncated,
            Pages = counters.Pages,
            OcrPages = counters.OcrPages,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Failures = failures.OrderBy(f => f.Document, StringComparer.Ordinal).ToList(),
        };
    }

    private enum DocumentResult
    {
        Unchanged,
        New,
        Changed,
        Failed,
    }

    /// <summary>A source listing the same id twice (a case-insensitive file system, a paging overlap) is processed once.</summary>
    private static async IAsyncEnumerable<Core.Sources.DocumentReference> Distinct(
        IAsyncEnumerable<Core.Sources.DocumentReference> references, HashSet<string> seen)
    {
        await foreach (var reference in references)
        {
            bool first;
            lock (seen)
            {
                first = seen.Add(reference.ExternalId);
            }
            if (first)
            {
                yield return reference;
            }
        }
    }

    private DocumentPipeline Compose(ChunkingOptions chunking) => new(
        [
            new ExtractStage(),
            new SkipUnchangedStage(),
            new ChunkStage(new StructureChunker(tokens, chunking)),
            new ValidateStage(),
            new ReuseVectorsStage(index, embedder.Model),
            new EmbedStage(embedder),
            new StoreStage(index, embedder.Model),
        ],
        loggerFactory.CreateLogger<DocumentPipeline>());

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of job {Job} started on source {Source} ({Trigger})")]
    private partial void LogStarted(long runId, string job, string source, string trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} finished: {Seen} seen, {New} new, {Changed} changed, {Unchanged} unchanged, {Deleted} deleted, {Failed} failed, {Embeddings} embeddings in {Seconds}s")]
    private partial void LogFinished(long runId, int seen, int @new, int changed, int unchanged, int deleted, int failed, long embeddings, double seconds);
}
