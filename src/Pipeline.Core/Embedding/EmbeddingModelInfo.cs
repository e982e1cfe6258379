namespace Pipeline.Core.Embedding;

/// <param name="Id">Model name recorded with every vector, e.g. <c>sentence-transformers/all-MiniLM-L6-v2</c>.</param>
/// <param name="Sha256">SHA-256 of the ONNX bytes: two vectors are comparable only when this matches.</param>
/// <param name="QueryPrefix">
/// Text the model was trained to see before a search query (never before a passage); empty for symmetric models.
/// </param>
public sealed record EmbeddingModelInfo(string Id, string Sha256, int Dimensions, int MaxTokens, string QueryPrefix = "");
