namespace Pipeline.Core.Embedding;

/// <param name="Vectors">One L2-normalised vector per input, in input order.</param>
/// <param name="Truncated">How many inputs exceeded the model maximum and were cut.</param>
/// <param name="Tokens">Tokens fed to the model, special tokens included, padding excluded.</param>
public sealed record EmbeddingResult(IReadOnlyList<float[]> Vectors, int Truncated, long Tokens);
