namespace Pipeline.Core.Embedding;

/// <summary>How hard the embed stage tries before it calls a chunk poison and dead-letters it.</summary>
public sealed record EmbeddingRetryOptions
{
    /// <summary>Retries of one model call after its first attempt (so 3 means up to 4 attempts).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First back-off; each further retry doubles it (with jitter), up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// More chunks than this failing alone in one document means the model (not the input) is broken: the run
    /// fails and is retried as a whole instead of dead-lettering the document chunk by chunk.
    /// </summary>
    public int MaxPoisonChunksPerDocument { get; init; } = 8;

    /// <summary>
    /// The window a retried sync has before the next one queues behind it (the Hangfire job's
    /// DisableConcurrentExecution timeout): one document's worst-case back-off must fit well inside it.
    /// </summary>
    public TimeSpan JobTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Back-off one document can spend at most: the whole batch and every isolated chunk retry in full
    /// (halves are tried once, see <see cref="BisectingEmbedder"/>); jitter may stretch a delay up to <see cref="MaxDelay"/>.
    /// </summary>
    public TimeSpan WorstCaseDelayPerDocument => MaxDelay * MaxRetries * (MaxPoisonChunksPerDocument + 2);

    /// <summary>Throws naming the setting, so a bad value stops start-up instead of the first failing batch.</summary>
    public EmbeddingRetryOptions Validate()
    {
        if (MaxRetries is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "embedding retries must be between 0 and 10");
        }
        if (BaseDelay <= TimeSpan.Zero || BaseDelay > MaxDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, $"embedding retry base delay must be positive and at most the max delay ({MaxDelay})");
        }
        if (MaxPoisonChunksPerDocument is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPoisonChunksPerDocument), MaxPoisonChunksPerDocument, "embedding max poison chunks per document must be between 1 and 1000");
        }
        if (WorstCaseDelayPerDocument >= JobTimeout)
        {
            throw new ArgumentException(
                $"embedding retries could wait {WorstCaseDelayPerDocument} on one document ({MaxRetries} retries x {MaxDelay} max delay x " +
                $"{MaxPoisonChunksPerDocument + 2} calls), not less than the job timeout {JobTimeout}: lower the retries, the max delay or the poison limit");
        }
        return this;
    }
}
