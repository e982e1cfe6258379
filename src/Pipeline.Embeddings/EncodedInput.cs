namespace Pipeline.Embeddings;

/// <param name="Ids">Token ids the model reads, [CLS] and [SEP] included.</param>
/// <param name="Truncated">True when the text had more tokens than the model reads and its tail was dropped.</param>
internal readonly record struct EncodedInput(int[] Ids, bool Truncated);
