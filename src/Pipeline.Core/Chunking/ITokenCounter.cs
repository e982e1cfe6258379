namespace Pipeline.Core.Chunking;

/// <summary>
/// Counts tokens the way the embedding model will see them, so chunk budgets are exact.
/// The embedder implements it; Core cannot reference the ONNX tokenizer directly.
/// </summary>
public interface ITokenCounter
{
    /// <summary>Tokens of <paramref name="text"/> without the model's special tokens ([CLS], [SEP]).</summary>
    int CountTokens(string text);

    /// <summary>Tokens the model adds around every input (2 for BERT: [CLS] and [SEP]).</summary>
    int SpecialTokens { get; }

    /// <summary>Most tokens the model reads, special tokens included; anything beyond is cut by the model.</summary>
    int MaxModelTokens { get; }
}
