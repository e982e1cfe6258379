namespace Pipeline.Core.Redaction;

/// <summary>Where in a document a value was found: its title, its body (blocks and table cells) or its metadata.</summary>
public enum FindingLocation
{
    Title,
    Body,
    Metadata,
}

/// <summary>
/// One sensitive value found in a document: which detector, what the job did with it, and a salted hash of the value
/// (so recurrences can be counted) — never the value itself, which exists only in memory while the document is read.
/// </summary>
public sealed class RedactionFinding(string externalId, string detector, RedactionAction action, FindingLocation location, string valueHash, string? probe)
{
    public string ExternalId { get; } = externalId;

    public string Detector { get; } = detector;

    public RedactionAction Action { get; } = action;

    public FindingLocation Location { get; } = location;

    /// <summary>Keyed hash of the value (<see cref="ValueHasher"/>): equal values, equal hashes, within one installation.</summary>
    public string ValueHash { get; } = valueHash;

    /// <summary>The chunk the value fell in, once the document is chunked; null for titles, metadata or documents not chunked.</summary>
    public int? ChunkOrdinal { get; set; }

    /// <summary>
    /// Text that finds the value's chunk after chunking: the placeholder with the word before it, or for a flagged
    /// value the value itself. In memory only; dropped with the document.
    /// </summary>
    internal string? Probe { get; } = probe;
}
