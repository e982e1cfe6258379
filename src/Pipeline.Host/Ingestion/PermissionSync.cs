using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pipeline.Core.Access;
using Pipeline.Core.Runs;
using Pipeline.Core.Sources;
using Pipeline.Core.Telemetry;
using Pipeline.Host.Jobs;
using Pipeline.Storage.Access;
using Pipeline.Storage.Index;
using Pipeline.Storage.Runs;

namespace Pipeline.Host.Ingestion;

/// <summary>
/// Refreshes who may read a source's documents without reading their content: space permissions, page restrictions,
/// permission schemes, security levels (<see cref="IAccessSource.ReadAccessAsync"/>) and group memberships
/// (<see cref="IAccessSource.ReadDirectoryAsync"/>). Nothing is extracted or embedded: access is kept out of the content
/// hash. Each run is recorded as a run of kind <c>permissions</c>, with the documents whose access changed, were
/// hidden (access lost), restored, quarantined (<c>access-unknown</c>) and purged after the grace period.
/// </summary>
public sealed partial class PermissionSync(
    NpgsqlDataSource dataSource,
    DocumentAccessStore accessStore,
    PrincipalStore principals,
    DocumentIndex index,
    RunLedger ledger,
    PipelineMetrics metrics,
    TimeProvider time,
    ILogger<PermissionSync> logger)
{
    public async Task<RunSummary> RunAsync(string jobName, IDocumentSource source, AccessSettings settings, string trigger, CancellationToken cancellationToken)
    {
        var runId = await ledger.StartAsync(jobName, source.Key, trigger, "permissions", "permissions", cancellationToken);
        var meter = metrics.ForRun(jobName, source.Key);
        var clock = Stopwatch.StartNew();
        try
        {
            var tally = new RunTally(meter);
            var changed = 0;
            var checkedCount = 0;
            var failures = new List<DocumentFailure>();
            if (source is IUniformAccessSource uniform)
            {
                changed = await accessStore.SetAllAsync(source.Key, uniform.Access, cancellationToken);
            }
            else if (source is IAccessSource atlassian)
            {
                var hiddenBefore = await HiddenAsync(source.Key, cancellationToken);
                var ids = await accessStore.IndexedAsync(source.Key, cancellationToken);
                checkedCount = ids.Count;
                var lookups = await atlassian.ReadAccessAsync(ids, cancellationToken);
                var granted = lookups.Where(l => l.Value.State == AccessState.Granted).ToDictionary(l => l.Key, l => l.Value.Access!, StringComparer.Ordinal);
                changed = await accessStore.GrantAsync(source.Key, granted, cancellationToken);
                tally.AccessRestored = granted.Keys.Count(hiddenBefore.Contains);
                var lost = lookups.Where(l => l.Value.State == AccessState.Lost).Select(l => l.Key).ToList();
                tally.CountAccessLost(await accessStore.HideAsync(source.Key, lost, time.GetUtcNow(), cancellationToken));
                foreach (var (id, lookup) in lookups.Where(l => l.Value.State == AccessState.Unknown))
                {
                    // Quarantined like any document that cannot be ingested: never served, reason on the Quality page.
                    await index.MarkFailedAsync(source.Key, new DocumentReference(id, "access-unknown", null), AccessUnknownException.Reason, lookup.Message ?? "", runId, cancellationToken);
                    failures.Add(new DocumentFailure(id, AccessUnknownException.Reason, lookup.Message ?? ""));
                    meter.Documents(DocumentOutcomes.Failed);
                }
                await RefreshDirectoryAsync(source.Key, atlassian, cancellationToken);
            }
            tally.AccessPurged = await accessStore.PurgeExpiredAsync(source.Key, settings.Grace, time.GetUtcNow(), cancellationToken);
            meter.Documents(DocumentOutcomes.AccessChanged, changed);
            meter.Documents(DocumentOutcomes.AccessRestored, tally.AccessRestored);
            var summary = new RunSummary
            {
                RunId = runId,
                Job = jobName,
                Source = source.Key,
                Mode = "permissions",
                Documents = new DocumentCounts
                {
                    Seen = checkedCount, Changed = changed, Unchanged = Math.Max(0, checkedCount - changed - failures.Count - tally.AccessLost),
                    Failed = failures.Count, AccessLost = tally.AccessLost, AccessRestored = tally.AccessRestored, AccessPurged = tally.AccessPurged,
                },
                Failures = failures,
                Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                Requests = source is IReportsRequests counted ? counted.Requests : null,
            };
            await ledger.SucceedAsync(summary, CancellationToken.None);
            meter.Completed("succeeded");
            LogFinished(runId, jobName, checkedCount, changed, tally.AccessLost, tally.AccessRestored, tally.AccessPurged, failures.Count, summary.Seconds);
            return summary;
        }
        catch (Exception e)
        {
            await ledger.FailAsync(runId, e is OperationCanceledException ? "cancelled" : e.Message, CancellationToken.None);
            meter.Completed(e is OperationCanceledException ? "cancelled" : "failed");
            throw;
        }
    }

    /// <summary>
    /// Stores the members of every group, and the accounts of every user, that the source's documents name, so an
    /// identity given by e-mail address resolves to them. Also run after each content sync of an Atlassian source.
    /// </summary>
    public async Task RefreshDirectoryAsync(string sourceKey, IAccessSource source, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT DISTINCT p.value
            FROM pipeline.documents d, jsonb_array_elements(d.access) clause, jsonb_array_elements_text(clause) p(value)
            WHERE d.source = @source AND d.access IS NOT NULL AND jsonb_typeof(d.access) = 'array'
            """);
        command.Parameters.AddWithValue("source", sourceKey);
        var named = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                named.Add(reader.GetString(0));
            }
        }
        var directory = await source.ReadDirectoryAsync(named, cancellationToken);
        await principals.ReplaceAsync(sourceKey, directory, cancellationToken);
    }

    private async Task<HashSet<string>> HiddenAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT external_id FROM pipeline.documents WHERE source = @source AND access_lost_at IS NOT NULL");
        command.Parameters.AddWithValue("source", source);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Permission sync {RunId} of job {Job}: {Checked} checked, {Changed} changed, {Lost} hidden (access lost), {Restored} restored, {Purged} purged, {Unknown} access-unknown in {Seconds}s")]
    private partial void LogFinished(long runId, string job, int @checked, int changed, int lost, int restored, int purged, int unknown, double seconds);
}
