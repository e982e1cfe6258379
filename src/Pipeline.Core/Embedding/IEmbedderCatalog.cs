namespace Pipeline.Core.Embedding;

/// <summary>
/// The packaged models a search may embed its question with: the service's default, or the model a source is active
/// on. Implemented by the host (which loads models at first use); the retriever in Storage needs only this.
/// </summary>
public interface IEmbedderCatalog
{
    /// <summary>The service's default model (<c>PIPELINE_EMBEDDING_MODEL</c>).</summary>
    IEmbedder Default { get; }

    /// <param name="model">A registry id or the full name recorded with vectors.</param>
    /// <exception cref="ArgumentException">Not a packaged model.</exception>
    IEmbedder Get(string model);
}
