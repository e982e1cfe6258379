using Pipeline.Core.Embedding;

namespace Pipeline.Storage.Index;

/// <summary>One model's vectors for a document's chunks, slot for slot; an empty slot is not written.</summary>
public sealed record ModelVectors(EmbeddingModelInfo Model, float[]?[] Vectors);
