namespace Pipeline.Core.Access;

/// <summary>
/// A source whose documents all share one access list set by its job (a PDF folder's <c>access</c>): every sync
/// applies it to every indexed document, so an edit of the list takes effect without reading any file.
/// </summary>
public interface IUniformAccessSource
{
    DocumentAccess Access { get; }
}
