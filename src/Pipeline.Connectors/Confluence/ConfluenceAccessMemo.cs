using System.Collections.Concurrent;

namespace Pipeline.Connectors.Confluence;

/// <summary>
/// One answer per key, read once however many callers ask at the same time: many pages share a space and
/// ancestors, and each must cost one request, not one per page.
/// </summary>
/// <param name="lifetime">How long an answer stays good; null for as long as the memo lives (one permission sync).</param>
/// <param name="maxEntries">Past this many keys, answers are read afresh and not kept: memory stays bounded.</param>
/// <param name="forgetFailures">
/// Whether a failed read is read again by the next caller. A permission sync keeps its failures so every page under
/// a closed ancestor gets the same answer for one request; ingestion forgets them, so a page loaded later retries.
/// </param>
internal sealed class ConfluenceAccessMemo<T>(TimeSpan? lifetime, int maxEntries, bool forgetFailures, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<T> GetAsync(string key, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        // Twice at most: once more when the answer being shared was cancelled by another caller's token.
        for (var attempt = 0; ; attempt++)
        {
            if (!_entries.ContainsKey(key) && _entries.Count >= maxEntries)
            {
                return await read(cancellationToken);
            }
            var entry = _entries.AddOrUpdate(
                key,
                _ => New(read, cancellationToken),
                (_, old) => Expired(old) ? New(read, cancellationToken) : old);
            try
            {
                return await entry.Answer.Value;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && attempt == 0)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
            catch when (forgetFailures)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
                throw;
            }
        }
    }

    // Lazy: of the entries AddOrUpdate may build under contention, only the one stored is ever started.
    private Entry New(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        new(new Lazy<Task<T>>(() => read(cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication), time.GetTimestamp());

    private bool Expired(Entry entry) => lifetime is { } life && time.GetElapsedTime(entry.CreatedAt) > life;

    private sealed record Entry(Lazy<Task<T>> Answer, long CreatedAt);
}
