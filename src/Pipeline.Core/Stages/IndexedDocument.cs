namespace Pipeline.Core.Stages;

/// <summary>What the index holds for a document from an earlier run.</summary>
public sealed record IndexedDocument(long Id, string ExternalId, string? Version, string? ContentHash, string Status);
