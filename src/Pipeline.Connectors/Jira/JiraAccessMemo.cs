using System.Collections.Concurrent;

namespace Pipeline.Connectors.Jira;

/// <summary>
/// One answer per key, read once however many callers ask at the same time: the issues of a project share its
/// permission scheme, roles and security levels, and each must cost one request, not one per issue. A memo lives
/// for one permission sync or one ingest run, so access changes are seen by the next one.
/// </summary>
/// <remarks>
/// Failures (a timeout, a 5xx) are forgotten so the next caller retries; answers the site gave (a 403 or 404 on a
/// configuration read) are values the reads return, and are kept like any other answer.
/// </remarks>
internal sealed class JiraAccessMemo<T>(int maxEntries = JiraAccessBounds.MaxRemembered)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _entries = new(StringComparer.Ordinal);

    public async Task<T> GetAsync(string key, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        // Twice at most: once more when the read being shared was cancelled by another caller's token.
        for (var attempt = 0; ; attempt++)
        {
            if (!_entries.ContainsKey(key) && _entries.Count >= maxEntries)
            {
                return await read(cancellationToken);
            }
            // Lazy: of the entries GetOrAdd may build under contention, only the one stored is ever started.
            var entry = _entries.GetOrAdd(key, _ => new Lazy<Task<T>>(() => read(cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return await entry.Value;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && attempt == 0)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
            catch
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
                throw;
            }
        }
    }
}
