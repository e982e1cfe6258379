using Pipeline.Connectors.Pdf;
using Pipeline.Core.Sources;
using Pipeline.Extraction.Ocr;
using Pipeline.Host.Jobs;

namespace Pipeline.Host.Ingestion;

/// <summary>
/// Builds a job's source from its definition. Each source kind registers one builder here;
/// adding Jira or Confluence adds an entry, not a branch.
/// </summary>
public sealed class SourceRegistry
{
    private readonly Dictionary<string, Func<JobDefinition, IDocumentSource>> _builders = new(StringComparer.Ordinal)
    {
        ["pdf-folder"] = PdfFolder,
    };

    public IDocumentSource Create(JobDefinition job) =>
        _builders.TryGetValue(job.Source.Kind, out var build)
            ? build(job)
            : throw new JobDefinitionException($"{Path.GetFileName(job.FilePath)}: source kind '{job.Source.Kind}' is not supported");

    /// <summary>An ad-hoc folder from the command line; its documents live under a source named by the folder's full path.</summary>
    public static IDocumentSource AdHocPdfFolder(string folder, string? password, OcrOptions? ocr = null) =>
        new PdfFolderSource("pdf:" + Path.GetFullPath(folder), new PdfFolderOptions { Folder = folder, Password = password, Ocr = ocr ?? new OcrOptions() });

    private static PdfFolderSource PdfFolder(JobDefinition job)
    {
        var settings = job.Source;
        var baseDirectory = Path.GetDirectoryName(job.FilePath) ?? Directory.GetCurrentDirectory();
        return new PdfFolderSource("pdf:" + job.Name, new PdfFolderOptions
        {
            Folder = Path.GetFullPath(settings.Path!, baseDirectory),
            Include = settings.Include,
            Recursive = settings.Recursive,
            MaxFileBytes = (long)(settings.MaxFileMegabytes * 1024 * 1024),
            Password = PasswordFrom(settings.PasswordEnv),
            Ocr = new OcrOptions
            {
                Enabled = settings.Ocr.Enabled,
                Languages = settings.Ocr.Languages,
                Dpi = settings.Ocr.Dpi,
                MaxParallelism = settings.Ocr.Parallelism ?? Environment.ProcessorCount,
                PageTimeout = TimeSpan.FromSeconds(settings.Ocr.PageTimeoutSeconds),
            },
        });
    }

    // The job file names the variable, never the secret; an unset variable means "no password", not an error,
    // so encrypted files are quarantined with reason 'encrypted' and the rest of the folder is ingested.
    private static string? PasswordFrom(string? variable) =>
        variable is null ? null : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;
}
