namespace Pipeline.Embeddings;

/// <summary>How a model's token states become one sentence vector: the way the model was trained, not a choice.</summary>
public enum Pooling
{
    /// <summary>Average of the unpadded token states (sentence-transformers' MiniLM).</summary>
    Mean,

    /// <summary>The state of the leading [CLS] token (Arctic embed).</summary>
    Cls,
}
