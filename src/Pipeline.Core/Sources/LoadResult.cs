using Pipeline.Core.Documents;

namespace Pipeline.Core.Sources;

/// <summary>Either the extracted document or why it could not be read.</summary>
public sealed record LoadResult(SourceDocument? Document, string? FailureReason, string? FailureMessage)
{
    public static LoadResult Loaded(SourceDocument document) => new(document, null, null);

    /// <param name="reason">Short stable code (<c>encrypted</c>, <c>corrupt</c>, <c>empty</c>) operators can filter on.</param>
    public static LoadResult Failed(string reason, string message) => new(null, reason, message);
}
