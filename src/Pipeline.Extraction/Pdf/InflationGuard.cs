using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Stands between PdfPig and its expanding filters (Flate, LZW, RunLength) for one document: every such stream
/// PdfPig decodes (content streams, form XObjects, fonts, CMaps, object and cross-reference streams, images it is
/// asked for) is first measured without being kept, and only a stream within the limits is handed to PdfPig's own
/// filter, which materialises it. Two limits: one stream, and everything the document has decoded so far (every
/// decode counts, so a form drawn on every page counts once per page, as its cost does). PdfPig swallows some
/// decoding errors (a font that fails to load, say), so the first stream over a limit is also remembered here, for
/// the extractor to check after each step.
/// </summary>
internal sealed class InflationGuard : IFilterProvider
{
    private readonly IFilterProvider _inner;
    private readonly long _maxStreamBytes;
    private readonly long _maxDocumentBytes;
    private readonly BoundedFlateFilter _flate;
    private readonly BoundedLzwFilter _lzw;
    private readonly BoundedRunLengthFilter _runLength;

    public InflationGuard(long maxDecodedStreamBytes, long maxDecodedDocumentBytes, IFilterProvider? inner = null)
    {
        _inner = inner ?? DefaultFilterProvider.Instance;
        _maxStreamBytes = maxDecodedStreamBytes;
        _maxDocumentBytes = maxDecodedDocumentBytes;
        _flate = new BoundedFlateFilter(this);
        _lzw = new BoundedLzwFilter(this);
        _runLength = new BoundedRunLengthFilter(this);
    }

    /// <summary>The first stream that went over a limit, or null.</summary>
    public DecompressionBombException? Tripped { get; private set; }

    /// <summary>What the streams handed to PdfPig's filters have decoded to so far, in all.</summary>
    public long DecodedBytes { get; private set; }

    /// <summary>How far the next stream may decode: the stream limit, or what is left of the document's, whichever is less.</summary>
    internal long Allowance => Math.Max(0, Math.Min(_maxStreamBytes, _maxDocumentBytes - DecodedBytes));

    /// <exception cref="DecompressionBombException">Some stream went over a limit, even if PdfPig caught it.</exception>
    public void ThrowIfTripped()
    {
        if (Tripped is not null)
        {
            throw Tripped;
        }
    }

    /// <summary>Records and returns the bomb for a stream whose count passed <see cref="Allowance"/>, naming the limit it passed.</summary>
    /// <param name="counted">Where counting the stream stopped, just past the allowance.</param>
    internal DecompressionBombException Refuse(string filter, long compressedBytes, long counted)
    {
        var bomb = _maxDocumentBytes - DecodedBytes < _maxStreamBytes
            ? DecompressionBombException.DocumentTotal(filter, compressedBytes, DecodedBytes + counted, _maxDocumentBytes)
            : DecompressionBombException.Stream(filter, compressedBytes, _maxStreamBytes);
        Tripped ??= bomb;
        return bomb;
    }

    /// <summary>Adds a stream PdfPig has decoded to the document's total.</summary>
    internal void Admitted(long decodedBytes) => DecodedBytes += decodedBytes;

    public IReadOnlyList<IFilter> GetFilters(DictionaryToken dictionary) => Guard(_inner.GetFilters(dictionary));

    public IReadOnlyList<IFilter> GetNamedFilters(IReadOnlyList<NameToken> names) => Guard(_inner.GetNamedFilters(names));

    public IReadOnlyList<IFilter> GetAllFilters() => Guard(_inner.GetAllFilters());

    private IReadOnlyList<IFilter> Guard(IReadOnlyList<IFilter> filters) =>
        filters.Any(IsExpanding) ? filters.Select(Bounded).ToList() : filters;

    private static bool IsExpanding(IFilter filter) => filter is FlateFilter or LzwFilter or RunLengthFilter;

    private IFilter Bounded(IFilter filter) => filter switch
    {
        FlateFilter => _flate,
        LzwFilter => _lzw,
        RunLengthFilter => _runLength,
        _ => filter,
    };
}
