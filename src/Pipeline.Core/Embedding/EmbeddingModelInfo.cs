namespace Pipeline.Core.Embedding;

/// <param name="Id">Model name, e.g. <c>sentence-transformers/all-MiniLM-L6-v2</c>.</param>
/// <param name="Sha256">SHA-256 of the ONNX bytes: two vectors are comparable only when this matches.</param>
public sealed record EmbeddingModelInfo(string Id, string Sha256, int Dimensions, int MaxTokens);
