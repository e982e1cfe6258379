namespace Pipeline.Embeddings;

public sealed class EmbeddingOptions
{
    /// <summary>Upper bound for both knobs: beyond it a typo (an extra zero) is likelier than intent.</summary>
    public const int Ceiling = 1024;

    /// <summary>Threads ONNX Runtime uses inside one operator; the model is the CPU-bound part of ingestion.</summary>
    public int IntraOpThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Whether ONNX Runtime's threads spin (busy-wait) between and after operators instead of sleeping. Spinning saves
    /// microseconds per operator when the model has the cores to itself, but the spinning threads take the cores from
    /// extraction running beside it.
    /// </summary>
    public bool AllowSpinning { get; set; } = true;

    /// <summary>Inputs per model call: larger amortises call overhead, but padding and memory grow with it.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Throws when a value is out of range, naming the setting so a bad config is found at start-up.</summary>
    public void Validate()
    {
        if (IntraOpThreads is < 1 or > Ceiling)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads,
                $"embedding.intraOpThreads must be between 1 and {Ceiling} (this machine has {Environment.ProcessorCount} cores)");
        }
        if (BatchSize is < 1 or > Ceiling)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize,
                $"embedding.batchSize must be between 1 and {Ceiling}");
        }
    }
}
