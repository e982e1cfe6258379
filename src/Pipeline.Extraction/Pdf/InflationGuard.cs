using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Stands between PdfPig and its Flate filter for one document: every Flate stream PdfPig decodes (content
/// streams, form XObjects, fonts, CMaps, object and cross-reference streams, images it is asked for) is first
/// inflated into a small reused buffer that counts bytes and stops at the limit, and only a stream within the
/// limit is handed to PdfPig's own filter, which materialises it. PdfPig swallows some decoding errors (a
/// font that fails to load, say), so the first stream over the limit is also remembered here, for the
/// extractor to check after each step.
/// </summary>
internal sealed class InflationGuard : IFilterProvider
{
    private readonly IFilterProvider _inner;
    private readonly BoundedFlateFilter _flate;

    public InflationGuard(long maxDecodedBytes, IFilterProvider? inner = null)
    {
        _inner = inner ?? DefaultFilterProvider.Instance;
        _flate = new BoundedFlateFilter(maxDecodedBytes, this);
    }

    /// <summary>The first stream that went over the limit, or null.</summary>
    public DecompressionBombException? Tripped { get; private set; }

    /// <exception cref="DecompressionBombException">Some stream went over the limit, even if PdfPig caught it.</exception>
    public void ThrowIfTripped()
    {
        if (Tripped is not null)
        {
            throw Tripped;
        }
    }

    internal void Record(DecompressionBombException bomb) => Tripped ??= bomb;

    public IReadOnlyList<IFilter> GetFilters(DictionaryToken dictionary) => Guard(_inner.GetFilters(dictionary));

    public IReadOnlyList<IFilter> GetNamedFilters(IReadOnlyList<NameToken> names) => Guard(_inner.GetNamedFilters(names));

    public IReadOnlyList<IFilter> GetAllFilters() => Guard(_inner.GetAllFilters());

    private IReadOnlyList<IFilter> Guard(IReadOnlyList<IFilter> filters) =>
        filters.Any(f => f is FlateFilter) ? filters.Select(f => f is FlateFilter ? _flate : f).ToList() : filters;
}
