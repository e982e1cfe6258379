using Pipeline.Core.Sources;

namespace Pipeline.Core.Tests.Embedding;

/// <summary>Only a key: the embed stage names documents by their source but never reads from it.</summary>
public sealed class NamedSource(string key) : IDocumentSource
{
    public string Key => key;

    public IAsyncEnumerable<DocumentReference> ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<DocumentReference?> FindAsync(string externalId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<LoadResult> LoadAsync(DocumentReference reference, CancellationToken cancellationToken) => throw new NotSupportedException();
}
