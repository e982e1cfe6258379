using Pipeline.Core.Chunking;
using System.Text.Json.Serialization;
using Pipeline.Core.Drift;
using Pipeline.Connectors.Atlassian;
using Pipeline.Connectors.Jira;
using Pipeline.Core.Quality;
using Pipeline.Host.Monitoring;

namespace Pipeline.Host.Jobs;

/// <summary>A pipeline definition from <c>jobs/*.json</c>, already validated against <c>schemas/job.schema.json</c>.</summary>
public sealed record JobDefinition : IJsonOnDeserialized
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("description")]
    public string Description { get; init; } = "";

    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [JsonPropertyName("schedule")]
    public required string Schedule { get; init; }

    [JsonPropertyName("source")]
    public required SourceSettings Source { get; init; }

    [JsonPropertyName("chunking")]
    public ChunkingSettings Chunking { get; init; } = new();

    [JsonPropertyName("embedding")]
    public EmbeddingSettings Embedding { get; init; } = new();

    /// <summary>Quality rules with their severities (<c>reject</c>, <c>warn</c>, <c>off</c>); every one has a default.</summary>
    [JsonPropertyName("quality")]
    public QualityOptions Quality { get; init; } = new();

    /// <summary>What to do with sensitive values per detector; masking e-mail, cards, IBANs, SSNs and secrets by default.</summary>
    [JsonPropertyName("redaction")]
    public Pipeline.Core.Redaction.RedactionOptions Redaction { get; init; } = new();

    [JsonPropertyName("freshness")]
    public FreshnessSettings Freshness { get; init; } = new();

    /// <summary>Drift thresholds each sync run is judged against (<c>pipeline.run_figures</c>).</summary>
    [JsonPropertyName("drift")]
    public DriftOptions Drift { get; init; } = new();

    /// <summary>Limits on what one full sync may delete; see <see cref="DeletionSettings"/>.</summary>
    [JsonPropertyName("deletion")]
    public DeletionSettings Deletion { get; init; } = new();

    /// <summary>Permission sync interval, the grace period of items whose access was lost, and its alert.</summary>
    [JsonPropertyName("access")]
    public AccessSettings Access { get; init; } = new();

    /// <summary>Golden queries run after each sync; each must find its document in its top k.</summary>
    [JsonPropertyName("canaries")]
    public IReadOnlyList<CanarySettings> Canaries { get; init; } = [];

    /// <summary>A question set that judges this job's retrieval: <c>models plan</c> and <c>models activate</c> compare models on it.</summary>
    [JsonPropertyName("evaluation")]
    public EvaluationSettings? Evaluation { get; init; }

    /// <summary>The file the job came from; relative source paths resolve against its folder.</summary>
    [JsonIgnore]
    public string FilePath { get; init; } = "";

    // Cross-field limits the schema cannot express, checked when the job is loaded rather than when it first runs.
    void IJsonOnDeserialized.OnDeserialized()
    {
        if (Source.Kind is "jira" or "confluence"
            && Source.WithRequestLimits(new JiraOptions { SiteUrl = Source.Site ?? "" }).RequestTimeProblem(Source.Kind) is { } problem)
        {
            throw new JobDefinitionException($"job '{Name}': {problem}");
        }
        if (Deletion.Problem() is { } deletion)
        {
            throw new JobDefinitionException($"job '{Name}': {deletion}");
        }
        if (Redaction.Problem() is { } redaction)
        {
            throw new JobDefinitionException($"job '{Name}': {redaction}");
        }
        if (Access.Problem() is { } access)
        {
            throw new JobDefinitionException($"job '{Name}': {access}");
        }
        if (Source.Kind is not "pdf-folder" && Source.Access is not null)
        {
            throw new JobDefinitionException(
                $"job '{Name}': source.access is for pdf-folder sources; {Source.Kind} documents carry the permissions their site grants");
        }
        if (Source.Kind is "pdf-folder")
        {
            _ = Source.FolderAccess(Name);
        }
        if (Source.Kind is "pdf-folder" && Source.MaxDecodedDocumentMegabytes < Source.MaxDecodedStreamMegabytes)
        {
            throw new JobDefinitionException(
                $"job '{Name}': maxDecodedDocumentMegabytes ({Source.MaxDecodedDocumentMegabytes}) must be at least maxDecodedStreamMegabytes ({Source.MaxDecodedStreamMegabytes})");
        }
    }
}

public sealed record SourceSettings
{
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("include")]
    public string Include { get; init; } = "*.pdf";

    [JsonPropertyName("recursive")]
    public bool Recursive { get; init; } = true;

    [JsonPropertyName("maxFileMegabytes")]
    public double MaxFileMegabytes { get; init; } = 200;

    [JsonPropertyName("maxPages")]
    public int MaxPages { get; init; } = 5000;

    [JsonPropertyName("maxDecodedStreamMegabytes")]
    public double MaxDecodedStreamMegabytes { get; init; } = 256;

    [JsonPropertyName("maxDecodedDocumentMegabytes")]
    public double MaxDecodedDocumentMegabytes { get; init; } = 2048;

    [JsonPropertyName("passwordEnv")]
    public string? PasswordEnv { get; init; }

    /// <summary>
    /// PDF folders: who may read the folder's documents, as principals (<c>everyone</c>, <c>group:ID</c>,
    /// <c>user:ID</c>, <c>public</c>, <c>all-users</c>). Absent means the explicit principal <c>everyone</c>.
    /// </summary>
    [JsonPropertyName("access")]
    public IReadOnlyList<string>? Access { get; init; }

    /// <summary>The folder's access from <see cref="Access"/>; <c>everyone</c> when the job names none.</summary>
    public Core.Access.DocumentAccess FolderAccess(string job)
    {
        if (Access is null)
        {
            return Core.Access.DocumentAccess.Everyone;
        }
        if (Access.Count == 0)
        {
            throw new JobDefinitionException($"job '{job}': source.access is empty; name at least one principal, or leave it out for everyone");
        }
        var principals = new List<string>();
        foreach (var entry in Access)
        {
            principals.Add(Core.Access.Principal.Parse(entry, out var problem)
                ?? throw new JobDefinitionException($"job '{job}': source.access: {problem}"));
        }
        return Core.Access.DocumentAccess.AnyOf(principals);
    }

    [JsonPropertyName("ocr")]
    public OcrSettings Ocr { get; init; } = new();

    // Jira and Confluence.
    [JsonPropertyName("site")]
    public string? Site { get; init; }

    [JsonPropertyName("deployment")]
    public string Deployment { get; init; } = "cloud";

    [JsonPropertyName("jql")]
    public string? Jql { get; init; }

    [JsonPropertyName("projects")]
    public IReadOnlyList<string> Projects { get; init; } = [];

    [JsonPropertyName("spaces")]
    public IReadOnlyList<string> Spaces { get; init; } = [];

    [JsonPropertyName("emailEnv")]
    public string? EmailEnv { get; init; }

    [JsonPropertyName("tokenEnv")]
    public string? TokenEnv { get; init; }

    [JsonPropertyName("patEnv")]
    public string? PatEnv { get; init; }

    [JsonPropertyName("webhookSecretEnv")]
    public string? WebhookSecretEnv { get; init; }

    [JsonPropertyName("pageSize")]
    public int? PageSize { get; init; }

    [JsonPropertyName("maxConcurrency")]
    public int MaxConcurrency { get; init; } = 4;

    [JsonPropertyName("overlapMinutes")]
    public int OverlapMinutes { get; init; } = 5;

    [JsonPropertyName("reconcileHours")]
    public double ReconcileHours { get; init; } = 23;

    /// <summary>Per attempt, body included; unset keeps the connector's 30 s.</summary>
    [JsonPropertyName("requestTimeoutSeconds")]
    public double? RequestTimeoutSeconds { get; init; }

    /// <summary>Retries after a timeout, network error, 5xx or throttling; unset keeps the connector's 4.</summary>
    [JsonPropertyName("retries")]
    public int? Retries { get; init; }

    [JsonPropertyName("retryBaseDelaySeconds")]
    public double? RetryBaseDelaySeconds { get; init; }

    [JsonPropertyName("maxRetryAfterSeconds")]
    public double? MaxRetryAfterSeconds { get; init; }

    /// <summary>The job's request timeout and retry settings over the connector's defaults.</summary>
    public T WithRequestLimits<T>(T options) where T : AtlassianSiteOptions => (T)(options with
    {
        Timeout = RequestTimeoutSeconds is { } timeout ? TimeSpan.FromSeconds(timeout) : options.Timeout,
        Retries = Retries ?? options.Retries,
        RetryBaseDelay = RetryBaseDelaySeconds is { } delay ? TimeSpan.FromSeconds(delay) : options.RetryBaseDelay,
        MaxRetryAfter = MaxRetryAfterSeconds is { } wait ? TimeSpan.FromSeconds(wait) : options.MaxRetryAfter,
    });
}

public sealed record OcrSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [JsonPropertyName("languages")]
    public string Languages { get; init; } = "eng";

    [JsonPropertyName("dpi")]
    public int Dpi { get; init; } = 300;

    [JsonPropertyName("parallelism")]
    public int? Parallelism { get; init; }

    [JsonPropertyName("pageTimeoutSeconds")]
    public double PageTimeoutSeconds { get; init; } = 60;
}

public sealed record ChunkingSettings
{
    [JsonPropertyName("maxTokens")]
    public int MaxTokens { get; init; } = new ChunkingOptions().MaxTokens;

    [JsonPropertyName("overlapPercent")]
    public int OverlapPercent { get; init; } = new ChunkingOptions().OverlapPercent;

    /// <summary>none, headings or title-headings; null when the file does not say (then the alias or the default).</summary>
    [JsonPropertyName("prefix")]
    public string? Prefix { get; init; }

    /// <summary>The boolean <see cref="Prefix"/> replaced: true is headings, false none.</summary>
    [JsonPropertyName("prependHeadingPath")]
    public bool? PrependHeadingPath { get; init; }

    /// <exception cref="JobDefinitionException">Both options are set and disagree.</exception>
    public ChunkPrefix ResolvedPrefix(string file)
    {
        var alias = PrependHeadingPath is { } prepend ? prepend ? ChunkPrefix.Headings : ChunkPrefix.None : (ChunkPrefix?)null;
        if (Prefix is null)
        {
            return alias ?? new ChunkingOptions().Prefix;
        }
        var prefix = ChunkPrefixNames.Parse(Prefix);
        if (alias is { } a && (a == ChunkPrefix.None) != (prefix == ChunkPrefix.None))
        {
            throw new JobDefinitionException(
                $"{Path.GetFileName(file)}: chunking.prefix '{Prefix}' and chunking.prependHeadingPath {PrependHeadingPath!.Value.ToString().ToLowerInvariant()} disagree; keep prefix only");
        }
        return prefix;
    }
}

public sealed record EvaluationSettings
{
    /// <summary>Questions in the format of <c>eval --questions</c>; a relative path resolves against the job file's folder.</summary>
    [JsonPropertyName("questions")]
    public required string Questions { get; init; }

    [JsonPropertyName("top")]
    public int Top { get; init; } = 10;

    public string QuestionsPath(string jobFile) => Path.GetFullPath(Questions, Path.GetDirectoryName(jobFile) ?? Directory.GetCurrentDirectory());
}

public sealed record EmbeddingSettings
{
    [JsonPropertyName("model")]
    public string Model { get; init; } = Embeddings.ModelRegistry.DefaultId;
}
