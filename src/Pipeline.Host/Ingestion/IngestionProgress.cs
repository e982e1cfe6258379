namespace Pipeline.Host.Ingestion;

/// <summary>Reported after every document so long runs show they are alive.</summary>
/// <param name="CurrentDocument">The document just finished.</param>
/// <param name="DocumentElapsed">How long that document took from listing to commit.</param>
public sealed record IngestionProgress(int Seen, int Changed, int Unchanged, int Failed, long EmbeddingsComputed, string CurrentDocument, TimeSpan Elapsed, TimeSpan DocumentElapsed);
