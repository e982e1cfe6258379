namespace Pipeline.Storage.Retrieval;

/// <summary>How chunks are ranked for a question: by vector similarity, by terms, or both fused by reciprocal rank.</summary>
public enum RetrievalMode
{
    Hybrid,
    Dense,
    Lexical,
}
