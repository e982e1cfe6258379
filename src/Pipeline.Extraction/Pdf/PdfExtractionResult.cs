using System.Diagnostics.CodeAnalysis;
using Pipeline.Core.Documents;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Either a document or a classified failure. Bad input is an expected outcome for an ingestion pipeline,
/// so it is returned rather than thrown: one broken file must not fail a whole batch.
/// </summary>
public sealed record PdfExtractionResult
{
    private PdfExtractionResult(SourceDocument? document, PdfExtractionFailure? failure)
    {
        Document = document;
        Failure = failure;
    }

    public SourceDocument? Document { get; }

    public PdfExtractionFailure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Document))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Document is not null;

    public static PdfExtractionResult Success(SourceDocument document) => new(document, null);

    public static PdfExtractionResult Failed(string reason, string message) => new(null, new PdfExtractionFailure(reason, message));
}
