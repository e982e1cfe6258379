namespace Pipeline.Core.Sources;

/// <summary>A place documents come from: a PDF folder, a Jira project, a Confluence space.</summary>
public interface IDocumentSource
{
    /// <summary>Stable name of the source, the namespace of its documents' ids (e.g. <c>pdf:handbook</c>).</summary>
    string Key { get; }

    /// <summary>Every document currently at the source, without bodies. What is not listed is deleted.</summary>
    IAsyncEnumerable<DocumentReference> ListAsync(CancellationToken cancellationToken);

    /// <summary>The current reference of one document, or null when the source no longer has it (deleted, out of scope).</summary>
    Task<DocumentReference?> FindAsync(string externalId, CancellationToken cancellationToken);

    /// <summary>Reads and extracts one document. Unreadable input is an outcome, not an exception.</summary>
    Task<LoadResult> LoadAsync(DocumentReference reference, CancellationToken cancellationToken);
}
