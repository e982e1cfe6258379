namespace Pipeline.Host.Ingestion;

/// <summary>
/// The newest update time below which every listed document is committed. Documents may finish out of order
/// when several are in flight; the watermark only moves over a contiguous prefix of the listing, so a crash
/// never leaves an uncommitted document behind it. A document that failed for a reason that may pass (the source
/// did not answer in time) holds the watermark where it was, so the next incremental run lists it again; a full
/// sync, which sets the watermark from its whole listing, caps it at <see cref="HeldAt"/> for the same reason.
/// </summary>
public sealed class WatermarkTracker
{
    private readonly SortedDictionary<long, (DateTimeOffset? UpdatedAt, bool Done)> _pending = [];
    private long _next;
    private DateTimeOffset? _watermark;
    private DateTimeOffset? _heldAt;
    private bool _heldUntimed;

    /// <summary>True when a document was held: the watermark must not pass it in this run.</summary>
    public bool Holds
    {
        get
        {
            lock (_pending)
            {
                return _heldAt is not null || _heldUntimed;
            }
        }
    }

    /// <summary>
    /// The earliest update time of a held document; null when none was held, or when one had no update time (then
    /// no later time is safe, and a full sync leaves the watermark where it was).
    /// </summary>
    public DateTimeOffset? HeldAt
    {
        get
        {
            lock (_pending)
            {
                return _heldUntimed ? null : _heldAt;
            }
        }
    }

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
                if (_pending[ticket].UpdatedAt is { } at)
                {
                    _heldAt = _heldAt is { } earlier && earlier <= at ? earlier : at;
                }
                else
                {
                    _heldUntimed = true;
                }
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
