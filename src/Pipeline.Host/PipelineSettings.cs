using Pipeline.Embeddings;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host;

/// <summary>
/// Where the service finds its database, data and jobs. Read from the environment once, validated at start-up.
/// </summary>
public sealed record PipelineSettings
{
    /// <summary>Npgsql connection string (<c>PIPELINE_DB</c>); null means the embedded cluster under <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; init; }

    /// <summary><c>PIPELINE_DATA_DIR</c>, default <c>./.data</c> under <see cref="HomeDirectory"/>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// <c>PIPELINE_MODEL_CACHE</c>: where models built here (the int8 variants) are kept, in its <c>models/</c> folder;
    /// default <c>$XDG_CACHE_HOME/pipeline</c> (<c>~/.cache/pipeline</c>). A build is a deterministic function of the
    /// packaged model and the recipe, checked against the registry's pin at every load, so every data folder of the
    /// machine shares it: a new data folder (a test, a second service) does not pay the build again.
    /// </summary>
    public string ModelCacheDirectory { get; init; } = DefaultModelCache();

    /// <summary><c>PIPELINE_JOBS_DIR</c>, default <c>jobs/</c> under <see cref="HomeDirectory"/>.</summary>
    public required string JobsDirectory { get; init; }

    /// <summary>The checkout (<c>PIPELINE_HOME</c>, set by <c>./pipeline</c>), else the current directory.</summary>
    public required string HomeDirectory { get; init; }

    /// <summary><c>PIPELINE_ONNX_THREADS</c>: intra-op threads of the embedding session, default all cores.</summary>
    public int OnnxThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// <c>PIPELINE_EMBEDDING_MODEL</c>: id in <see cref="ModelRegistry"/> of the one model this service embeds with;
    /// jobs must name it in <c>embedding.model</c>.
    /// </summary>
    public string EmbeddingModel { get; init; } = ModelRegistry.DefaultId;

    /// <summary><c>PIPELINE_EMBED_BATCH</c>: inputs per ONNX Runtime call.</summary>
    public int EmbeddingBatchSize { get; init; } = 32;

    /// <summary>
    /// <c>PIPELINE_ONNX_SPIN</c> (0 or 1): whether ONNX Runtime's threads busy-wait between operators. Off by default:
    /// spinning threads take the cores from the document being extracted beside the model (runbooks/throughput.md).
    /// </summary>
    public bool OnnxSpinning { get; init; }

    /// <summary>The embedder options these settings give every model this process loads.</summary>
    public EmbeddingOptions EmbeddingOptions() => new()
    {
        IntraOpThreads = OnnxThreads,
        BatchSize = EmbeddingBatchSize,
        AllowSpinning = OnnxSpinning,
    };

    /// <summary>
    /// <c>PIPELINE_DOCUMENT_PARALLELISM</c>: documents in flight per run. 2 by default: on 2 cores one document is
    /// extracted while the model embeds another (bench on 12 born-digital PDFs: 30.3 / 32.7 s against 36.4 / 38.9 s one at
    /// a time); a third slowed the model more than it hid (34.5 s). See runbooks/throughput.md for larger machines.
    /// </summary>
    public int DocumentParallelism { get; init; } = 2;

    /// <summary><c>PIPELINE_INGEST_WORKERS</c>: Hangfire workers for syncs (queue <c>ingest</c>), apart from the webhook workers.</summary>
    public int IngestWorkers { get; init; } = 2;

    /// <summary><c>PIPELINE_WEBHOOK_WORKERS</c>: Hangfire workers for single-document re-ingestions (queue <c>webhooks</c>); never taken by a sync.</summary>
    public int WebhookWorkers { get; init; } = 2;

    /// <summary><c>PIPELINE_JOB_RETRY_DELAYS</c>: seconds before each retry of a failed Hangfire job; their count is the number of retries (<c>none</c>: fail at once).</summary>
    public IReadOnlyList<int> JobRetryDelays { get; init; } = [30, 120, 600];

    /// <summary>
    /// <c>PIPELINE_JOB_INVISIBILITY_SECONDS</c>: how long a job whose worker stopped renewing its claim (a killed
    /// process) stays invisible before another worker takes it. A running job renews its claim, so a sync may run longer.
    /// </summary>
    public int JobInvisibilitySeconds { get; init; } = 300;

    /// <summary><c>PIPELINE_SEARCH_MODE</c>, <c>…_DENSE_WEIGHT</c>, <c>…_LEXICAL_WEIGHT</c>, <c>…_CANDIDATES</c>: how the retriever ranks.</summary>
    public SearchOptions Search { get; init; } = new();

    public static string DefaultModelCache() => Path.GetFullPath(Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "pipeline"));

    public static PipelineSettings FromEnvironment()
    {
        var home = Path.GetFullPath(Environment.GetEnvironmentVariable("PIPELINE_HOME") is { Length: > 0 } h ? h : Directory.GetCurrentDirectory());
        var settings = new PipelineSettings
        {
            ConnectionString = Environment.GetEnvironmentVariable("PIPELINE_DB") is { Length: > 0 } db ? db : null,
            HomeDirectory = home,
            DataDirectory = Path.GetFullPath(Environment.GetEnvironmentVariable("PIPELINE_DATA_DIR") is { Length: > 0 } d ? d : Path.Combine(home, ".data")),
            ModelCacheDirectory = Environment.GetEnvironmentVariable("PIPELINE_MODEL_CACHE") is { Length: > 0 } c ? Path.GetFullPath(c) : DefaultModelCache(),
            JobsDirectory = Path.GetFullPath(Environment.GetEnvironmentVariable("PIPELINE_JOBS_DIR") is { Length: > 0 } j ? j : Path.Combine(home, "jobs")),
            OnnxThreads = IntFromEnvironment("PIPELINE_ONNX_THREADS", Environment.ProcessorCount),
            EmbeddingModel = Environment.GetEnvironmentVariable("PIPELINE_EMBEDDING_MODEL") is { Length: > 0 } m ? m.Trim() : ModelRegistry.DefaultId,
            EmbeddingBatchSize = IntFromEnvironment("PIPELINE_EMBED_BATCH", 32),
            OnnxSpinning = IntFromEnvironment("PIPELINE_ONNX_SPIN", 0) != 0,
            DocumentParallelism = IntFromEnvironment("PIPELINE_DOCUMENT_PARALLELISM", 2),
            IngestWorkers = IntFromEnvironment("PIPELINE_INGEST_WORKERS", 2),
            WebhookWorkers = IntFromEnvironment("PIPELINE_WEBHOOK_WORKERS", 2),
            JobRetryDelays = IntListFromEnvironment("PIPELINE_JOB_RETRY_DELAYS", [30, 120, 600]),
            JobInvisibilitySeconds = IntFromEnvironment("PIPELINE_JOB_INVISIBILITY_SECONDS", 300),
            Search = SearchOptions.FromEnvironment(Environment.GetEnvironmentVariable),
        };
        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        if (OnnxThreads is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(OnnxThreads), OnnxThreads, "PIPELINE_ONNX_THREADS must be between 1 and 256");
        }
        if (ModelRegistry.Find(EmbeddingModel) is null)
        {
            throw new ArgumentException(
                $"PIPELINE_EMBEDDING_MODEL is '{EmbeddingModel}', which is not a packaged model; valid: {string.Join(", ", ModelRegistry.Ids)}",
                nameof(EmbeddingModel));
        }
        if (DocumentParallelism is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(DocumentParallelism), DocumentParallelism, "PIPELINE_DOCUMENT_PARALLELISM must be between 1 and 64");
        }
        if (EmbeddingBatchSize is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(EmbeddingBatchSize), EmbeddingBatchSize, "PIPELINE_EMBED_BATCH must be between 1 and 1024");
        }
        if (IngestWorkers is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(IngestWorkers), IngestWorkers, "PIPELINE_INGEST_WORKERS must be between 1 and 64");
        }
        if (WebhookWorkers is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(WebhookWorkers), WebhookWorkers, "PIPELINE_WEBHOOK_WORKERS must be between 1 and 64");
        }
        // Hangfire renews a running job's claim at a fraction of this; a few seconds is the least that stays reliable.
        if (JobInvisibilitySeconds is < 5 or > 86_400)
        {
            throw new ArgumentOutOfRangeException(nameof(JobInvisibilitySeconds), JobInvisibilitySeconds, "PIPELINE_JOB_INVISIBILITY_SECONDS must be between 5 and 86400");
        }
        // A day per retry at most: a job that fails for longer needs an operator, not another attempt.
        if (JobRetryDelays.Count > 20 || JobRetryDelays.Any(d => d is < 1 or > 86_400))
        {
            throw new ArgumentOutOfRangeException(nameof(JobRetryDelays), string.Join(",", JobRetryDelays),
                "PIPELINE_JOB_RETRY_DELAYS must be at most 20 comma-separated delays of 1 to 86400 seconds (none: no retries)");
        }
        Search.Validate();
    }

    private static int[] IntListFromEnvironment(string name, int[] fallback)
    {
        var raw = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }
        if (raw.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        return raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => int.TryParse(part, out var value) ? value : throw new ArgumentException($"{name} must be comma-separated integers, got '{raw}'"))
            .ToArray();
    }

    private static int IntFromEnvironment(string name, int fallback)
    {
        var raw = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }
        return int.TryParse(raw, out var value) ? value : throw new ArgumentException($"{name} must be an integer, got '{raw}'");
    }
}
