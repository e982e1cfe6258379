using Npgsql;

namespace Pipeline.Host.Ingestion;

/// <summary>
/// What ingestion locks, across processes (CLI, any number of service instances on one database):
/// a source for the length of a sync, so two syncs never race on its listing, deletions and watermark;
/// and each document while it is processed, by a sync and a single-document re-ingestion alike, so one
/// document is never extracted, embedded and stored by two runs at once.
/// </summary>
public static class SourceLock
{
    /// <summary>The source's lock; waits for a running sync when <paramref name="wait"/>, else fails at once.</summary>
    /// <exception cref="SourceBusyException">Another run holds the source and <paramref name="wait"/> is false.</exception>
    public static async Task<AdvisoryLock> AcquireAsync(NpgsqlDataSource dataSource, string sourceKey, bool wait, CancellationToken cancellationToken)
    {
        var name = "source:" + sourceKey;
        return wait
            ? await AdvisoryLock.WaitAsync(dataSource, name, cancellationToken)
            : await AdvisoryLock.TryAcquireAsync(dataSource, name, cancellationToken) ?? throw new SourceBusyException(sourceKey);
    }

    /// <summary>
    /// One document's lock. Always waited for: a document takes seconds, and whoever waits re-reads the index
    /// afterwards, so it finds the other run's work done instead of repeating it.
    /// </summary>
    public static Task<AdvisoryLock> ForDocumentAsync(NpgsqlDataSource dataSource, string sourceKey, string externalId, CancellationToken cancellationToken) =>
        AdvisoryLock.WaitAsync(dataSource, $"document:{sourceKey}:{externalId}", cancellationToken);
}
