namespace Pipeline.Embeddings;

/// <summary>One model the service can run: everything needed to load it and to know what its vectors mean.</summary>
/// <param name="Id">Short id used in job files and <c>PIPELINE_EMBEDDING_MODEL</c>, e.g. <c>arctic-embed-xs</c>.</param>
/// <param name="Name">Name recorded with every vector (<see cref="Core.Embedding.EmbeddingModelInfo.Id"/>); the Hugging Face name.</param>
/// <param name="Sha256">SHA-256 of the ONNX bytes, pinned: a package update that changes the graph fails at load, not silently.</param>
/// <param name="MaxTokens">Tokens the model reads, [CLS] and [SEP] included: the size of its position-embedding table.</param>
/// <param name="QueryPrefix">Prepended to search queries only (see <see cref="Core.Embedding.IEmbedder.EmbedQueriesAsync"/>).</param>
public sealed record RegisteredModel(
    string Id,
    string Name,
    string Sha256,
    int Dimensions,
    int MaxTokens,
    string QueryPrefix,
    Pooling Pooling,
    ModelBytes Bytes)
{
    /// <summary>
    /// Tokens (special ones included) of the inputs the model was trained on: it reads up to <see cref="MaxTokens"/>, but
    /// text beyond this length was never seen in training and is represented less well. A chunk budget above it is allowed
    /// with a warning.
    /// </summary>
    public int TrainedTokens { get; init; } = MaxTokens;

    /// <summary>True when a job file's <c>embedding.model</c> names this model, by short id or by full name.</summary>
    public bool IsNamedBy(string named) =>
        string.Equals(Id, named, StringComparison.OrdinalIgnoreCase) || string.Equals(Name, named, StringComparison.OrdinalIgnoreCase);
}
