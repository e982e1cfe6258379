namespace Pipeline.Host.Ingestion;

/// <summary>
/// The newest update time below which every listed document is committed. Documents may finish out of order
/// when several are in flight; the watermark only moves over a contiguous prefix of the listing, so a crash
/// never leaves an uncommitted document behind it. A document that failed for a reason that may pass (the source
/// did not answer in time) holds the watermark where it was, so the next incremental run lists it again.
/// </summary>
public sealed class WatermarkTracker
{
    private readonly SortedDictionary<long, (DateTimeOffset? UpdatedAt, bool Done)> _pending = [];
    private long _next;
    private DateTimeOffset? _watermark;

    public long Start(DateTimeOffset? updatedAt)
    {
        lock (_pending)
        {
            _pending[_next] = (updatedAt, false);
            return _next++;
        }
    }

    /// <param name="hold">True when the document must be read again: the watermark never passes it in this run.</param>
    /// <returns>The new watermark when completing this document moved it, else null.</returns>
    public DateTimeOffset? Complete(long ticket, bool hold = false)
    {
        lock (_pending)
        {
            if (hold)
            {
                return null;
            }
            _pending[ticket] = (_pending[ticket].UpdatedAt, true);
            var before = _watermark;
            while (_pending.Count > 0)
            {
                var first = _pending.First();
                if (!first.Value.Done)
                {
                    break;
                }
                if (first.Value.UpdatedAt is { } at && (_watermark is null || at > _watermark))
                {
                    _watermark = at;
                }
                _pending.Remove(first.Key);
            }
            return _watermark != before ? _watermark : null;
        }
    }
}
