namespace Pipeline.Host.Ingestion;

/// <summary>Reported after every document so long runs show they are alive.</summary>
public sealed record IngestionProgress(int Seen, int Changed, int Unchanged, int Failed, long EmbeddingsComputed, string CurrentDocument, TimeSpan Elapsed);
