using Pipeline.Extraction.Ocr;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Connectors.Pdf;

public sealed record PdfFolderOptions
{
    public required string Folder { get; init; }

    /// <summary>File name pattern (<c>*.pdf</c>); matched case-insensitively so <c>REPORT.PDF</c> is not missed.</summary>
    public string Include { get; init; } = "*.pdf";

    public bool Recursive { get; init; } = true;

    /// <summary>Files above this are quarantined unread: a 5 GB "PDF" is an accident, not a document.</summary>
    public long MaxFileBytes { get; init; } = 200L * 1024 * 1024;

    /// <summary>Password for encrypted files, taken from the environment variable the job names.</summary>
    public string? Password { get; init; }

    /// <summary>Page count and inflated stream size beyond which a file is quarantined rather than read.</summary>
    public PdfLimits Limits { get; init; } = new();

    /// <summary>
    /// Who may read the folder's documents (the job's <c>source.access</c>). The default is the explicit principal
    /// <c>everyone</c>: every caller of the service, documented as such, never an unstated "public".
    /// </summary>
    public Core.Access.DocumentAccess Access { get; init; } = Core.Access.DocumentAccess.Everyone;

    /// <summary>OCR of pages whose text layer is missing or unusable; on by default.</summary>
    public OcrOptions Ocr { get; init; } = new();

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Folder))
        {
            throw new ArgumentException("the PDF folder path is empty");
        }
        if (MaxFileBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFileBytes), MaxFileBytes, "the file size limit must be positive");
        }
        if (Access is null || Access.IsNobody)
        {
            throw new ArgumentException("the PDF folder's access list is empty: name at least one principal (everyone, group:ID, user:ID)");
        }
        Limits.Validate();
        Ocr.Validate();
    }
}
