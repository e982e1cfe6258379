using Pipeline.Core.Embedding;

namespace Pipeline.Host.Jobs;

/// <summary>
/// <c>embedding.model</c> of a job file names the model its vectors must come from. The service runs one model; a job
/// naming another is refused when it starts, before anything is embedded, rather than filling the index with vectors
/// its queries cannot be compared with.
/// </summary>
public static class EmbeddingModelCheck
{
    /// <exception cref="JobDefinitionException">The job names a model other than <paramref name="running"/>.</exception>
    public static void Ensure(JobDefinition job, EmbeddingModelInfo running)
    {
        if (!Names(running.Id, job.Embedding.Model))
        {
            throw new JobDefinitionException(
                $"{Path.GetFileName(job.FilePath)}: embedding.model is '{job.Embedding.Model}' but this service embeds with "
                + $"'{running.Id}'; name that model in the job, or run the job on a service built with its model");
        }
    }

    /// <summary>A job may name the model by its full id (<c>sentence-transformers/all-MiniLM-L6-v2</c>) or by its last part.</summary>
    public static bool Names(string modelId, string named) =>
        string.Equals(modelId, named, StringComparison.OrdinalIgnoreCase)
        || modelId.EndsWith("/" + named, StringComparison.OrdinalIgnoreCase);
}
