using System.Buffers;
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

    // Hugging Face's BERT splits these ASCII symbols off as tokens of their own; BertTokenizer's basic tokenization
    // drops them (measured: "a | b" gave 2 ids, not 3), so they are cut out here and their ids added back.
    private const string SplitSymbols = "$+<=>^`|~";
    private static readonly SearchValues<char> DroppedSymbols = SearchValues.Create(SplitSymbols);

    private readonly BertTokenizer _tokenizer;
    private readonly Dictionary<char, int> _symbolIds;
    private readonly int _maxTokens;

    public WordPieceEncoder(Stream vocabulary, int maxTokens)
    {
        using var copy = new MemoryStream();
        vocabulary.CopyTo(copy);
        copy.Position = 0;
        _tokenizer = BertTokenizer.Create(copy, new BertOptions
        {
            LowerCaseBeforeTokenization = true,
            // The model's tokenizer_config has do_lower_case and no strip_accents, which in Hugging Face means
            // "strip accents too": without this, "café" becomes [UNK] instead of "cafe".
            RemoveNonSpacingMarks = true,
            // A document that literally contains "[SEP]" must not be able to inject a control token.
            SplitOnSpecialTokens = false,
        });
        // vocab.txt holds one token per line; the line number is the id.
        var lines = System.Text.Encoding.UTF8.GetString(copy.ToArray()).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        _symbolIds = SplitSymbols.ToDictionary(c => c, c => lines.IndexOf(c.ToString()) is >= 0 and var id ? id : _tokenizer.UnknownTokenId);
        _maxTokens = maxTokens;
    }

    public int ClassificationId => _tokenizer.ClassificationTokenId;

    public int SeparatorId => _tokenizer.SeparatorTokenId;

    public int CountTokens(string text) => Tokenize(text).Count;

    /// <summary>
    /// Ids as Hugging Face's BertTokenizer gives them. BertTokenizer deletes line breaks instead of treating them as
    /// spaces (measured: "x\nPlant" became "xplant"), which glued the words of every line and table row together,
    /// so whitespace is normalised first.
    /// </summary>
    private List<int> Tokenize(string text)
    {
        var ids = new List<int>();
        var span = text.AsSpan();
        while (span.Length > 0)
        {
            var cut = span.IndexOfAny(DroppedSymbols);
            var segment = cut < 0 ? span : span[..cut];
            if (!segment.IsWhiteSpace())
            {
                ids.AddRange(_tokenizer.EncodeToIds(WithPlainSpaces(segment), addSpecialTokens: false));
            }
            if (cut < 0)
            {
                break;
            }
            ids.Add(_symbolIds[span[cut]]);
            span = span[(cut + 1)..];
        }
        return ids;
    }

    private static string WithPlainSpaces(ReadOnlySpan<char> text) =>
        string.Create(text.Length, text.ToString(), static (target, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                target[i] = source[i] is '\n' or '\r' or '\t' ? ' ' : source[i];
            }
        });

    /// <summary>
    /// Cuts at the token level, keeping [SEP] last, as Hugging Face's truncation does. The whole text is tokenised
    /// first: a token-limited encode stops at word boundaries, which would hide whether anything was left over.
    /// </summary>
    public EncodedInput Encode(string text)
    {
        var body = Tokenize(text);
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
