namespace Pipeline.Core.Sources;

/// <summary>
/// A source that can list only what changed since a watermark (Jira's <c>updated &gt;=</c>), so frequent syncs
/// do not list everything. Deletions are invisible to such a listing; a periodic full listing reconciles them.
/// </summary>
public interface IIncrementalSource : IDocumentSource
{
    /// <summary>
    /// Documents updated at or after <paramref name="since"/> (the source subtracts its own safety overlap),
    /// oldest first, each with <see cref="DocumentReference.UpdatedAt"/> set.
    /// </summary>
    IAsyncEnumerable<DocumentReference> ListChangedAsync(DateTimeOffset since, CancellationToken cancellationToken);
}
