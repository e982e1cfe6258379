using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pipeline.Core.Chunking;
using Pipeline.Embeddings;
using Pipeline.Core.Embedding;
using Pipeline.Core.Fingerprints;
using Pipeline.Core.Quality;
using Pipeline.Core.Runs;
using Pipeline.Core.Sources;
using Pipeline.Core.Stages;
using Pipeline.Core.Telemetry;
using Pipeline.Host.Jobs;
using Pipeline.Host.Models;
using Pipeline.Storage.DeadLetters;
using Pipeline.Storage.Index;
using Pipeline.Storage.Quality;
using Pipeline.Storage.Runs;

namespace Pipeline.Host.Ingestion;

/// <summary>
/// Runs over one source: a sync (full listing with deletions, or the changes since the watermark) or the
/// re-ingestion of one document. Each document goes through the stages; documents whose source version is
/// unchanged and whose chunks the current pipeline made (same fingerprint) are not even read; every run is recorded
/// with its summary.
/// </summary>
public sealed partial class IngestionRunner(
    NpgsqlDataSource dataSource,
    DocumentIndex index,
    StaleDocuments staleDocuments,
    RunLedger ledger,
    SyncStateStore syncState,
    SyncModels syncModels,
    ITokenCounter tokens,
    EmbeddingRetryOptions embeddingRetry,
    DeadLetterStore deadLetters,
    JobCatalog jobs,
    QualityFindingStore qualityFindings,
    Pipeline.Storage.Redaction.RedactionFindingStore redactionFindings,
    Pipeline.Host.Redaction.RedactionKey redactionKey,
    Pipeline.Storage.Access.DocumentAccessStore accessStore,
    TimeProvider time,
    PipelineMetrics metrics,
    PipelineSettings settings,
    ILoggerFactory loggerFactory,
    ILogger<IngestionRunner> logger)
{
    public async Task<RunSummary> RunAsync(IngestionRequest request, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        var source = request.Source;
        await using var sourceLock = await SourceLock.AcquireAsync(dataSource, source.Key, request.WaitForSource, cancellationToken);
        // Holding the source lock proves no live process owns a 'running' sync of this job.
        await ledger.AbandonRunningAsync(request.JobName, cancellationToken);
        var state = await syncState.GetAsync(request.JobName, cancellationToken);
        var fingerprint = FingerprintFor(request);
        await index.AdoptFingerprintAsync(source.Key, fingerprint, cancellationToken);
        // A changed pipeline concerns documents the source did not change, which only a full listing names.
        var reprocessing = request.Reprocess || await index.CountOtherFingerprintsAsync(source.Key, fingerprint, cancellationToken) > 0;
        var incremental = reprocessing && request.Mode == SyncMode.Auto ? null : ChooseIncremental(request, state);
        var mode = incremental is null ? "full" : "incremental";
        var models = await syncModels.ResolveAsync(source.Key, request.EmbeddingModel, cancellationToken);
        WarnAboveTrainedLength(request, models.Active.Model);
        return await RecordAsync(request, "sync", mode, async (run, tally, clock) =>
        {
            if (source is Core.Access.IUniformAccessSource uniform)
            {
                // The job's access list applies to every document, read this run or not: an edit takes effect now.
                await accessStore.SetAllAsync(source.Key, uniform.Access, cancellationToken);
            }
            var listingStarted = DateTimeOffset.UtcNow;
            var listing = incremental is { } changes ? changes.Source.ListChangedAsync(changes.Since, cancellationToken) : source.ListAsync(cancellationToken);
            var indexed = await index.LoadAsync(source.Key, cancellationToken);
            var watermarks = new WatermarkTracker();
            var pipeline = Compose(request, tally, models, await redactionKey.HasherAsync(cancellationToken));
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = request.DocumentParallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Tickets(listing, tally, watermarks), parallel, async (item, token) =>
            {
                var started = Stopwatch.GetTimestamp();
                indexed.TryGetValue(item.Reference.ExternalId, out var previous);
                var result = await ProcessAsync(pipeline, request, run, item.Reference, previous, tally, token);
                tally.Count(result);
                // Tracked in full syncs too: a held document caps the watermark they set at the end.
                if (watermarks.Complete(item.Ticket, hold: result == DocumentResult.FailedForNow) is { } watermark && incremental is not null)
                {
                    await syncState.AdvanceWatermarkAsync(request.JobName, source.Key, watermark, token);
                }
                progress?.Report(tally.Progress(item.Reference.ExternalId, clock.Elapsed, Stopwatch.GetElapsedTime(started)));
            });

            if (incremental is null)
            {
                var unlisted = indexed.Keys.Where(id => !tally.WasSeen(id)).ToList();
                var vanished = await VanishedDocuments.ConfirmAsync(source, unlisted, request.Deletion.MaxLookups, cancellationToken);
                tally.VanishedKept = vanished.Kept;
                // Closed to the service account, not deleted: hidden now, purged after access.graceDays unless access returns.
                tally.CountAccessLost(await accessStore.HideAsync(source.Key, vanished.AccessLost, time.GetUtcNow(), cancellationToken));
                if (vanished.Kept > 0)
                {
                    LogVanishedKept(run, vanished.Kept, vanished.StillPresent, vanished.Unchecked);
                }
                if (!request.ConfirmDeletions && request.Deletion.Blocks(vanished.Gone.Count, indexed.Count))
                {
                    throw new DeletionBlockedException(request.JobName, vanished.Gone.Count, indexed.Count, request.Deletion.MaxPercent);
                }
                tally.Deleted = await DeleteVanishedAsync(source.Key, vanished.Gone, run, cancellationToken);
                // Anything changed after the listing began is picked up by the next run; the source's clock may lag ours.
                var watermark = tally.NewestUpdate is { } newest && newest < listingStarted ? newest : listingStarted;
                // A document to read again (stale, or never read) keeps the next incremental listing reaching back to it.
                if (watermarks.HeldAt is { } held && held < watermark)
                {
                    watermark = held;
                }
                if (!watermarks.Holds || watermarks.HeldAt is not null)
                {
                    await syncState.AdvanceWatermarkAsync(request.JobName, source.Key, watermark, cancellationToken);
                }
                await syncState.MarkReconciledAsync(request.JobName, source.Key, listingStarted, cancellationToken);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Re-reads one document from its source (a webhook, "sync this item"): re-ingested when changed, deleted when
    /// the source no longer has it. The webhook body is never trusted as content.
    /// </summary>
    public async Task<RunSummary> RunOneAsync(IngestionRequest request, string externalId, CancellationToken cancellationToken)
    {
        var source = request.Source;
        return await RecordAsync(request, "document", "document", async (run, tally, clock) =>
        {
            DocumentReference? reference;
            try
            {
                reference = await source.FindAsync(externalId, cancellationToken);
            }
            catch (Core.Access.AccessLostException)
            {
                tally.CountAccessLost(await accessStore.HideAsync(source.Key, [externalId], time.GetUtcNow(), cancellationToken));
                return;
            }
            if (reference is null)
            {
                // Per document, not per source: a webhook must not wait for the nightly sync to finish.
                await using var gone = await SourceLock.ForDocumentAsync(dataSource, source.Key, externalId, cancellationToken);
                tally.Deleted = await index.DeleteAsync(source.Key, [externalId], cancellationToken);
                return;
            }
            tally.Seen(reference.ExternalId, reference.UpdatedAt);
            var models = await syncModels.ResolveAsync(source.Key, request.EmbeddingModel, cancellationToken);
            // The source may answer under its canonical id (a Jira webhook names an issue by number, we index keys).
            var pipeline = Compose(request, tally, models, await redactionKey.HasherAsync(cancellationToken));
            tally.Count(await ProcessAsync(pipeline, request, run, reference, snapshot: null, tally, cancellationToken));
        }, cancellationToken);
    }

    /// <summary>Each under its document's lock, like every other write: a webhook may be re-ingesting one of them.</summary>
    private async Task<int> DeleteVanishedAsync(string sourceKey, IReadOnlyList<string> gone, long runId, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var externalId in gone)
        {
            await using var documentLock = await SourceLock.ForDocumentAsync(dataSource, sourceKey, externalId, cancellationToken);
            deleted += await index.DeleteVanishedAsync(sourceKey, externalId, runId, cancellationToken);
        }
        return deleted;
    }

    private static IncrementalListing? ChooseIncremental(IngestionRequest request, SyncState state)
    {
        if (request.Mode == SyncMode.Full || request.Source is not IIncrementalSource incremental || state.Watermark is not { } since)
        {
            return null;
        }
        var reconciledRecently = state.LastFullReconciliation is { } at && DateTimeOffset.UtcNow - at < request.ReconcileEvery;
        return request.Mode == SyncMode.Incremental || reconciledRecently ? new IncrementalListing(incremental, since) : null;
    }

    private sealed record IncrementalListing(IIncrementalSource Source, DateTimeOffset Since);

    private async Task<RunSummary> RecordAsync(IngestionRequest request, string kind, string mode, Func<long, RunTally, Stopwatch, Task> body, CancellationToken cancellationToken)
    {
        var runId = await ledger.StartAsync(request.JobName, request.Source.Key, request.Trigger, kind, mode, cancellationToken);
        LogStarted(runId, request.JobName, request.Source.Key, mode, request.Trigger);
        var clock = Stopwatch.StartNew();
        var meter = metrics.ForRun(request.JobName, request.Source.Key);
        var tally = new RunTally(meter) { Quality = new QualityReport(QualityFor(request).MaxStoredWarningsPerRun) };
        try
        {
            await body(runId, tally, clock);
            var summary = tally.Summarise(runId, request.JobName, request.Source.Key, mode, clock.Elapsed)
                with { Requests = request.Source is IReportsRequests counted ? counted.Requests : null };
            await qualityFindings.AddAsync(runId, request.Source.Key, tally.Quality.TakeFindingsToStore(), CancellationToken.None);
            await redactionFindings.AddAsync(runId, request.JobName, request.Source.Key, tally.Redaction.TakeFindingsToStore(), CancellationToken.None);
            await ledger.SucceedAsync(summary, CancellationToken.None);
            meter.Completed("succeeded");
            LogFinished(runId, summary.Documents.Seen, summary.Documents.New, summary.Documents.Changed, summary.Documents.Unchanged,
                summary.Documents.Deleted, summary.Documents.Failed, summary.EmbeddingsComputed, summary.Seconds);
            return summary;
        }
        catch (Exception e)
        {
            await ledger.FailAsync(runId, e is OperationCanceledException ? "cancelled" : e.Message, CancellationToken.None);
            meter.Completed(e is OperationCanceledException ? "cancelled" : "failed");
            throw;
        }
    }

    /// <param name="snapshot">The document's index row as the sync listed it; null to read it (single documents).</param>
    private async Task<DocumentResult> ProcessAsync(DocumentPipeline pipeline, IngestionRequest request, long runId, DocumentReference reference, IndexedDocument? snapshot, RunTally tally, CancellationToken cancellationToken)
    {
        var source = request.Source;
        var fingerprint = FingerprintFor(request);
        if (IsCurrent(snapshot, reference, fingerprint, request.Reprocess))
        {
            return DocumentResult.Unchanged;
        }
        // Under the document's lock and re-read: a webhook re-ingestion (this process or another) may have stored
        // this version since the snapshot, and then there is nothing left to do.
        await using var documentLock = await SourceLock.ForDocumentAsync(dataSource, source.Key, reference.ExternalId, cancellationToken);
        var previous = await index.FindAsync(source.Key, reference.ExternalId, cancellationToken);
        if (IsCurrent(previous, reference, fingerprint, request.Reprocess))
        {
            return DocumentResult.Unchanged;
        }
        var context = new DocumentContext(runId, source, reference, previous, tally.Counters) { Fingerprint = fingerprint, Reprocess = request.Reprocess };
        var outcome = await pipeline.ProcessAsync(context, cancellationToken);
        if (outcome is { Status: StageStatus.Failed, Reason: ExtractStage.AccessLostReason })
        {
            // Hidden at once and kept: a 403 is not a deletion, and access may come back within the grace period.
            tally.CountAccessLost(await accessStore.HideAsync(source.Key, [reference.ExternalId], time.GetUtcNow(), cancellationToken));
            return DocumentResult.FailedForNow;
        }
        if (outcome.Status == StageStatus.Failed)
        {
            var failure = new DocumentFailure(reference.ExternalId, outcome.Reason ?? "failed", outcome.Message ?? "");
            var sourceSide = DocumentFailure.MayPassOnItsOwn(failure.Reason);
            if (sourceSide && previous is { Status: "indexed" })
            {
                // The source failed, not the document: the last good version stays searchable, and its row keeps the
                // old version, so the next run reads the item again.
                await staleDocuments.MarkAsync(previous.Id, failure.Reason, failure.Message, runId, cancellationToken);
            }
            else
            {
                await index.MarkFailedAsync(source.Key, reference, failure.Reason, failure.Message, runId, cancellationToken);
            }
            tally.Fail(failure);
            return sourceSide ? DocumentResult.FailedForNow : DocumentResult.Failed;
        }
        if (previous is { Status: "indexed" } && previous.Version == reference.Version)
        {
            // Read again only because the pipeline changed (or --reprocess): counted among changed or unchanged too.
            tally.CountReprocessed();
        }
        if (context.ContentUnchanged)
        {
            await index.TouchAsync(source.Key, reference, context.Document, runId, cancellationToken);
            return DocumentResult.Unchanged;
        }
        // Stored: chunks that failed before and embedded now leave the dead letters; open ones keep the document due for retry.
        await deadLetters.SettleAsync(source.Key, reference.ExternalId, runId, cancellationToken);
        return previous is { Status: "indexed" } ? DocumentResult.Changed : DocumentResult.New;
    }

    private static bool IsCurrent(IndexedDocument? indexed, DocumentReference reference, string fingerprint, bool reprocess) =>
        indexed is { Status: "indexed", AccessCurrent: true } && indexed.Version == reference.Version && indexed.MadeBy(fingerprint) && !reprocess;

    /// <summary>The fingerprint of what this request chunks with: the same for a job as <see cref="JobIngestion.FingerprintFor"/>.</summary>
    private string FingerprintFor(IngestionRequest request) => PipelineFingerprint.Compute(request.Chunking, QualityFor(request), RedactionFor(request));

    /// <summary>Each listed document once (a case-insensitive file system or a paging overlap can list one twice), in order.</summary>
    private static async IAsyncEnumerable<(DocumentReference Reference, long Ticket)> Tickets(
        IAsyncEnumerable<DocumentReference> references, RunTally tally, WatermarkTracker watermarks)
    {
        await foreach (var reference in references)
        {
            if (tally.Seen(reference.ExternalId, reference.UpdatedAt))
            {
                yield return (reference, watermarks.Start(reference.UpdatedAt));
            }
        }
    }

    /// <summary>The quality rules of the request's job; ad-hoc runs (CLI folders, bench) get the defaults.</summary>
    private QualityOptions QualityFor(IngestionRequest request) =>
        jobs.Jobs.FirstOrDefault(j => j.Name == request.JobName)?.Quality ?? new QualityOptions();

    // An ad-hoc run (ingest --pdf/--jira/--confluence) has no job file: it gets the protective defaults.
    private Core.Redaction.RedactionOptions RedactionFor(IngestionRequest request) =>
        jobs.Jobs.FirstOrDefault(j => j.Name == request.JobName)?.Redaction ?? new Core.Redaction.RedactionOptions();

    /// <summary>
    /// The stages of one run; a model being built for the source adds its own embedding after the active model's.
    /// The documents in flight share the active model's calls (<see cref="CoalescingEmbedder"/>), so chunks of several
    /// documents fill one batch; each document still stores itself, under its own lock, as soon as its vectors are in.
    /// </summary>
    private DocumentPipeline Compose(IngestionRequest request, RunTally tally, SyncModelSet models, Core.Redaction.ValueHasher hasher) => new(
        [
            new ExtractStage(),
            new RedactStage(new Core.Redaction.DocumentRedactor(RedactionFor(request), hasher), tally.Redaction, tally.Metrics),
            new SkipUnchangedStage(),
            new ChunkStage(new StructureChunker(tokens, request.Chunking)),
            new DropRedactedChunksStage(tally.Redaction),
            new ValidateStage(new QualityInspector(QualityFor(request)), tally.Quality),
            new LocateRedactionsStage(),
            new ReuseVectorsStage(index, models.Active.Model),
            new EmbedStage(
                new CoalescingEmbedder(models.Active, settings.EmbeddingBatchSize * BatchesPerCall),
                embeddingRetry,
                deadLetters.ForRun(request.JobName, tally.AddDeadLetters)),
            .. models.Building.Select(b => new EmbedForBuildStage(index, b, embeddingRetry)),
            new StoreStage(index, models.Active.Model),
        ],
        loggerFactory.CreateLogger<DocumentPipeline>(),
        request.StageClock);

    /// <summary>
    /// Model batches one shared call may hold: enough for the waiting documents to be sorted by length across each
    /// other, few enough that a document waits at most a few batches behind the others.
    /// </summary>
    private const int BatchesPerCall = 4;

    /// <summary>
    /// A budget the model reads but was not trained on (MiniLM: 256 tokens) is allowed, as it was the default before the
    /// sweep of issue 12; a budget the model cannot read at all was refused when the chunker was made.
    /// </summary>
    private void WarnAboveTrainedLength(IngestionRequest request, Core.Embedding.EmbeddingModelInfo model)
    {
        var trained = ModelRegistry.All.FirstOrDefault(m => m.Name == model.Id)?.TrainedTokens;
        if (trained is { } t && request.Chunking.MaxTokens + tokens.SpecialTokens > t)
        {
            LogAboveTrainedLength(request.JobName, request.Chunking.MaxTokens, model.Id, t);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: chunking.maxTokens {MaxTokens} is above the {TrainedTokens} tokens model {Model} was trained on (special tokens included); longer chunks are embedded less well, see README \"Chunking\"")]
    private partial void LogAboveTrainedLength(string job, int maxTokens, string model, int trainedTokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: {Kept} documents missing from the listing were kept ({StillPresent} still at the source, {Unchecked} beyond the lookup budget)")]
    private partial void LogVanishedKept(long runId, int kept, int stillPresent, int @unchecked);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of job {Job} started on source {Source} ({Mode}, {Trigger})")]
    private partial void LogStarted(long runId, string job, string source, string mode, string trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} finished: {Seen} seen, {New} new, {Changed} changed, {Unchanged} unchanged, {Deleted} deleted, {Failed} failed, {Embeddings} embeddings in {Seconds}s")]
    private partial void LogFinished(long runId, int seen, int @new, int changed, int unchanged, int deleted, int failed, long embeddings, double seconds);
}
