namespace Pipeline.Host.Ingestion;

public enum SyncMode
{
    /// <summary>Incremental when the source supports it and a full reconciliation ran recently enough, else full.</summary>
    Auto,

    /// <summary>List everything: changed documents are re-ingested and vanished ones deleted.</summary>
    Full,

    /// <summary>Only documents changed since the watermark; nothing is deleted.</summary>
    Incremental,
}
