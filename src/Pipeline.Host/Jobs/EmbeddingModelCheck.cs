using Pipeline.Embeddings;

namespace Pipeline.Host.Jobs;

/// <summary>
/// <c>embedding.model</c> of a job file names the model its source starts with: one of <see cref="ModelRegistry"/>.
/// Any packaged model can run (the service loads each at first use); after the first sync the source's active model
/// (<c>pipeline models activate</c>) decides, so editing the file never re-embeds or mixes an index silently.
/// </summary>
public static class EmbeddingModelCheck
{
    /// <exception cref="JobDefinitionException">The job names a model this build does not package.</exception>
    public static void Ensure(JobDefinition job)
    {
        // The schema's enum refuses unknown ids when the file is loaded; this covers definitions built in code.
        if (ModelRegistry.Find(job.Embedding.Model) is null)
        {
            throw new JobDefinitionException(
                $"{Path.GetFileName(job.FilePath)}: embedding.model '{job.Embedding.Model}' is not a packaged model; valid: {string.Join(", ", ModelRegistry.Ids)}");
        }
    }

    /// <summary>A job may name the model by its full id (<c>sentence-transformers/all-MiniLM-L6-v2</c>) or by its last part.</summary>
    public static bool Names(string modelId, string named) =>
        string.Equals(modelId, named, StringComparison.OrdinalIgnoreCase)
        || modelId.EndsWith("/" + named, StringComparison.OrdinalIgnoreCase);
}
