namespace Pipeline.Storage.Runs;

/// <param name="Watermark">Newest source update committed, in order: an incremental sync lists from here.</param>
/// <param name="LastFullReconciliation">When a complete listing last ran to the end (deletions were applied).</param>
public sealed record SyncState(string JobName, DateTimeOffset? Watermark, DateTimeOffset? LastFullReconciliation);
