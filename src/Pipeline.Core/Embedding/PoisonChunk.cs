using Pipeline.Core.Chunking;

namespace Pipeline.Core.Embedding;

/// <summary>A chunk the model failed on alone, after retries: it is left out of this run and dead-lettered.</summary>
/// <param name="Error">The last failure, as <c>ExceptionType: message</c>.</param>
/// <param name="Calls">Model calls that included this chunk in this run (batch, halves and its own retries).</param>
public sealed record PoisonChunk(Chunk Chunk, string Error, int Calls);
