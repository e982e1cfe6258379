using Pipeline.Core.Embedding;
using Pipeline.Embeddings;

namespace Pipeline.Host.Jobs;

/// <summary>
/// <c>embedding.model</c> of a job file names the model its vectors must come from: one of <see cref="ModelRegistry"/>.
/// The service runs one model (<c>PIPELINE_EMBEDDING_MODEL</c>); a job naming another is refused when it starts,
/// before anything is embedded, rather than filling the index with vectors its queries cannot be compared with.
/// </summary>
public static class EmbeddingModelCheck
{
    /// <exception cref="JobDefinitionException">The job names an unknown model, or a model other than <paramref name="running"/>.</exception>
    public static void Ensure(JobDefinition job, EmbeddingModelInfo running)
    {
        var file = Path.GetFileName(job.FilePath);
        // The schema's enum refuses unknown ids when the file is loaded; this covers definitions built in code.
        var named = ModelRegistry.Find(job.Embedding.Model)
            ?? throw new JobDefinitionException(
                $"{file}: embedding.model '{job.Embedding.Model}' is not a packaged model; valid: {string.Join(", ", ModelRegistry.Ids)}");
        // The registry entry's name is what the running embedder reports (its bytes were checked against the pinned hash at load).
        if (!string.Equals(named.Name, running.Id, StringComparison.OrdinalIgnoreCase))
        {
            throw new JobDefinitionException(
                $"{file}: embedding.model is '{job.Embedding.Model}' but this service embeds with '{running.Id}'; "
                + $"run the job on a service started with PIPELINE_EMBEDDING_MODEL={named.Id}, or name the running model in the job");
        }
    }

    /// <summary>A job may name the model by its full id (<c>sentence-transformers/all-MiniLM-L6-v2</c>) or by its last part.</summary>
    public static bool Names(string modelId, string named) =>
        string.Equals(modelId, named, StringComparison.OrdinalIgnoreCase)
        || modelId.EndsWith("/" + named, StringComparison.OrdinalIgnoreCase);
}
