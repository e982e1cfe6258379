namespace Pipeline.Storage.Models;

/// <summary>The index holds vectors under a model name whose ONNX bytes (or dimension) differ from the running model's.</summary>
public sealed class ModelMismatchException(string message) : Exception(message);
