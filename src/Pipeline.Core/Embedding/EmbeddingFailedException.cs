namespace Pipeline.Core.Embedding;

/// <summary>
/// The model failed too widely to blame the input (every chunk, or more than the poison limit): the run fails
/// and the job is retried later, rather than dead-lettering a whole document against a broken model.
/// </summary>
public sealed class EmbeddingFailedException(string message, Exception innerException) : Exception(message, innerException);
