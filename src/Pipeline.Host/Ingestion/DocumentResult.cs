namespace Pipeline.Host.Ingestion;

public enum DocumentResult
{
    Unchanged,
    New,
    Changed,
    Failed,
}
