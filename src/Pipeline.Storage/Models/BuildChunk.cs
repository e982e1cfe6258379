namespace Pipeline.Storage.Models;

/// <summary>A stored chunk a build still has to embed: its id and what the model must embed (null: not recoverable).</summary>
public sealed record BuildChunk(string Id, string? EmbeddingText, int TokenCount);
