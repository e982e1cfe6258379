namespace Pipeline.Core.Sources;

/// <summary>
/// What a cheap listing of a source says about one document, before its body is read.
/// </summary>
/// <param name="Version">Changes whenever the source document changes (file SHA-256, issue updated-at, page version).</param>
public sealed record DocumentReference(string ExternalId, string Version, DateTimeOffset? UpdatedAt, long? SizeBytes = null);
