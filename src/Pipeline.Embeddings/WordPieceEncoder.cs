using Microsoft.ML.Tokenizers;

namespace Pipeline.Embeddings;

/// <summary>
/// Text to model ids the way the Hugging Face tokenizer of all-MiniLM-L6-v2 does it (uncased WordPiece).
/// <see cref="BertTokenizer"/> only reads its vocabulary after construction, so one instance serves all threads.
/// </summary>
internal sealed class WordPieceEncoder
{
    /// <summary>[CLS] before and [SEP] after every input.</summary>
    public const int SpecialTokens = 2;

    private readonly BertTokenizer _tokenizer;
    private readonly int _maxTokens;

    public WordPieceEncoder(Stream vocabulary, int maxTokens)
    {
        _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions
        {
            LowerCaseBeforeTokenization = true,
            // The model's tokenizer_config has do_lower_case and no strip_accents, which in Hugging Face means
            // "strip accents too": without this, "café" becomes [UNK] instead of "cafe".
            RemoveNonSpacingMarks = true,
            // A document that literally contains "[SEP]" must not be able to inject a control token.
            SplitOnSpecialTokens = false,
        });
        _maxTokens = maxTokens;
    }

    public int ClassificationId => _tokenizer.ClassificationTokenId;

    public int SeparatorId => _tokenizer.SeparatorTokenId;

    public int CountTokens(string text) => _tokenizer.EncodeToIds(text, addSpecialTokens: false).Count;

    /// <summary>
    /// Cuts at the token level, keeping [SEP] last, as Hugging Face's truncation does. The whole text is tokenised
    /// first: a token-limited encode stops at word boundaries, which would hide whether anything was left over.
    /// </summary>
    public EncodedInput Encode(string text)
    {
        var body = _tokenizer.EncodeToIds(text, addSpecialTokens: false);
        var kept = Math.Min(body.Count, _maxTokens - SpecialTokens);
        var ids = new int[kept + SpecialTokens];
        ids[0] = ClassificationId;
        for (var i = 0; i < kept; i++)
        {
            ids[i + 1] = body[i];
        }
        ids[^1] = SeparatorId;
        return new EncodedInput(ids, Truncated: body.Count > kept);
    }
}
