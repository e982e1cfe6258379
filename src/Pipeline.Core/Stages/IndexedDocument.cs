namespace Pipeline.Core.Stages;

/// <summary>What the index holds for a document from an earlier run.</summary>
/// <param name="Fingerprint">The pipeline fingerprint its chunks were produced under; null when indexed before fingerprints.</param>
/// <param name="AccessCurrent">Its access was captured and is not lost: false for a document indexed before access was
/// stored, or hidden because the service account lost access; such a document is read again by the next sync.</param>
public sealed record IndexedDocument(long Id, string ExternalId, string? Version, string? ContentHash, string Status, string? Fingerprint = null, bool AccessCurrent = true)
{
    /// <summary>
    /// True when the chunks were produced by the pipeline <paramref name="fingerprint"/> describes. A document from
    /// before fingerprints counts as matching, so an upgrade does not reprocess every index.
    /// </summary>
    public bool MadeBy(string? fingerprint) => Fingerprint is null || fingerprint is null || Fingerprint == fingerprint;
}
