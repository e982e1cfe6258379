using Microsoft.Extensions.Logging;
using Pipeline.Connectors.Atlassian;
using Pipeline.Connectors.Confluence;
using Pipeline.Connectors.Jira;
using Pipeline.Connectors.Pdf;
using Pipeline.Core.Sources;
using Pipeline.Extraction.Ocr;
using Pipeline.Extraction.Pdf;
using Pipeline.Host.Jobs;

namespace Pipeline.Host.Ingestion;

/// <summary>
/// Builds a job's source from its definition. Each source kind registers one builder here;
/// adding Jira or Confluence adds an entry, not a branch.
/// </summary>
/// <param name="loggerFactory">The service's: what a source logs (retries, throttling, OCR page failures) belongs in its log.</param>
public sealed class SourceRegistry(ILoggerFactory loggerFactory)
{
    private readonly Dictionary<string, Func<JobDefinition, ILoggerFactory, IDocumentSource>> _builders = new(StringComparer.Ordinal)
    {
        ["pdf-folder"] = PdfFolder,
        ["jira"] = Jira,
        ["confluence"] = Confluence,
    };

    public IDocumentSource Create(JobDefinition job) =>
        _builders.TryGetValue(job.Source.Kind, out var build)
            ? build(job, loggerFactory)
            : throw new JobDefinitionException($"{Path.GetFileName(job.FilePath)}: source kind '{job.Source.Kind}' is not supported");

    /// <summary>The key a job's documents are stored under, without building its source (no credentials needed).</summary>
    public static string KeyOf(JobDefinition job) => job.Source.Kind switch
    {
        "pdf-folder" => "pdf:" + job.Name,
        "jira" => "jira:" + job.Name,
        "confluence" => "confluence:" + job.Name,
        _ => throw new JobDefinitionException($"{Path.GetFileName(job.FilePath)}: source kind '{job.Source.Kind}' is not supported"),
    };

    /// <summary>An ad-hoc folder from the command line; its documents live under a source named by the folder's full path.</summary>
    public static IDocumentSource AdHocPdfFolder(string folder, string? password, OcrOptions? ocr = null, ILoggerFactory? loggerFactory = null) =>
        new PdfFolderSource("pdf:" + Path.GetFullPath(folder), new PdfFolderOptions { Folder = folder, Password = password, Ocr = ocr ?? new OcrOptions() }, loggerFactory);

    private static PdfFolderSource PdfFolder(JobDefinition job, ILoggerFactory loggerFactory)
    {
        var settings = job.Source;
        var baseDirectory = Path.GetDirectoryName(job.FilePath) ?? Directory.GetCurrentDirectory();
        return new PdfFolderSource("pdf:" + job.Name, new PdfFolderOptions
        {
            Folder = Path.GetFullPath(settings.Path!, baseDirectory),
            Include = settings.Include,
            Recursive = settings.Recursive,
            MaxFileBytes = (long)(settings.MaxFileMegabytes * 1024 * 1024),
            Limits = new PdfLimits
            {
                MaxPages = settings.MaxPages,
                MaxDecodedStreamBytes = (long)(settings.MaxDecodedStreamMegabytes * 1024 * 1024),
                MaxDecodedDocumentBytes = (long)(settings.MaxDecodedDocumentMegabytes * 1024 * 1024),
            },
            Password = PasswordFrom(settings.PasswordEnv),
            Access = settings.FolderAccess(job.Name),
            Ocr = new OcrOptions
            {
                Enabled = settings.Ocr.Enabled,
                Languages = settings.Ocr.Languages,
                Dpi = settings.Ocr.Dpi,
                MaxParallelism = settings.Ocr.Parallelism ?? Environment.ProcessorCount,
                PageTimeout = TimeSpan.FromSeconds(settings.Ocr.PageTimeoutSeconds),
            },
        }, loggerFactory);
    }

    /// <summary>An ad-hoc Jira sync from the command line; credentials from JIRA_EMAIL + JIRA_API_TOKEN or JIRA_PAT.</summary>
    public static JiraSource AdHocJira(string site, string jql, ILoggerFactory? loggerFactory = null) =>
        new("jira:" + site.TrimEnd('/'), new JiraOptions { SiteUrl = site, Jql = jql }, DefaultCredentials("JIRA"), httpClient: null, loggerFactory);

    /// <summary>An ad-hoc Confluence sync of whole spaces; credentials from CONFLUENCE_EMAIL + CONFLUENCE_API_TOKEN or CONFLUENCE_PAT.</summary>
    public static ConfluenceSource AdHocConfluence(string site, IReadOnlyList<string> spaces, ILoggerFactory? loggerFactory = null) =>
        new("confluence:" + site.TrimEnd('/'), new ConfluenceOptions { SiteUrl = site, SpaceKeys = spaces }, DefaultCredentials("CONFLUENCE"), httpClient: null, loggerFactory);

    private static JiraSource Jira(JobDefinition job, ILoggerFactory loggerFactory)
    {
        var settings = job.Source;
        return new JiraSource("jira:" + job.Name, settings.WithRequestLimits(new JiraOptions
        {
            SiteUrl = settings.Site!,
            Jql = settings.Jql,
            Projects = settings.Projects,
            Deployment = Deployment(settings),
            PageSize = settings.PageSize ?? 100,
            OverlapMinutes = settings.OverlapMinutes,
            MaxConcurrency = settings.MaxConcurrency,
        }), Credentials(settings, "JIRA"), httpClient: null, loggerFactory);
    }

    private static ConfluenceSource Confluence(JobDefinition job, ILoggerFactory loggerFactory)
    {
        var settings = job.Source;
        return new ConfluenceSource("confluence:" + job.Name, settings.WithRequestLimits(new ConfluenceOptions
        {
            SiteUrl = settings.Site!,
            SpaceKeys = settings.Spaces,
            PageSize = settings.PageSize ?? 100,
            MaxConcurrency = settings.MaxConcurrency,
        }), Credentials(settings, "CONFLUENCE"), httpClient: null, loggerFactory);
    }

    private static AtlassianDeployment Deployment(SourceSettings settings) =>
        settings.Deployment == "datacenter" ? AtlassianDeployment.DataCenter : AtlassianDeployment.Cloud;

    /// <summary>The variables the job names; a job that names none uses the product's conventional ones.</summary>
    private static AtlassianCredentials Credentials(SourceSettings settings, string product) =>
        settings.EmailEnv is null && settings.TokenEnv is null && settings.PatEnv is null
            ? DefaultCredentials(product)
            : AtlassianCredentials.FromEnvironment(settings.EmailEnv, settings.TokenEnv, settings.PatEnv);

    private static AtlassianCredentials DefaultCredentials(string product)
    {
        string? Set(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } ? name : null;
        return AtlassianCredentials.FromEnvironment(Set($"{product}_EMAIL"), Set($"{product}_API_TOKEN"), Set($"{product}_PAT"));
    }

    // The job file names the variable, never the secret; an unset variable means "no password", not an error,
    // so encrypted files are quarantined with reason 'encrypted' and the rest of the folder is ingested.
    private static string? PasswordFrom(string? variable) =>
        variable is null ? null : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;
}
