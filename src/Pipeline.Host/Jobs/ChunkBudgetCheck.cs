using Pipeline.Embeddings;
using Pipeline.Host.Ingestion;

namespace Pipeline.Host.Jobs;

/// <summary>
/// The job's <c>chunking</c> section against its model, at start-up: a prefix and its alias that contradict each other, or a
/// budget the model cannot read (the model would cut the chunk silently), stop the service. A budget above what the model
/// was trained on is allowed and warned about at each sync (<see cref="IngestionRunner"/>).
/// </summary>
public static class ChunkBudgetCheck
{
    /// <exception cref="JobDefinitionException">The section contradicts itself or does not fit the job's model.</exception>
    public static void Ensure(JobDefinition job)
    {
        var chunking = JobIngestion.ChunkingFor(job);
        if (ModelRegistry.Find(job.Embedding.Model) is not { } model)
        {
            return; // EmbeddingModelCheck names the unknown model.
        }
        // BERT adds [CLS] and [SEP] to every chunk.
        var ceiling = model.MaxTokens - 2;
        if (chunking.MaxTokens > ceiling)
        {
            throw new JobDefinitionException(
                $"{Path.GetFileName(job.FilePath)}: chunking.maxTokens {chunking.MaxTokens} is above the {ceiling} tokens {model.Id} reads besides its special tokens; the rest of each chunk would be cut off");
        }
    }
}
