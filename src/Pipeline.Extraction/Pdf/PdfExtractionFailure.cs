namespace Pipeline.Extraction.Pdf;

/// <param name="Reason">One of <see cref="PdfFailureReason"/>.</param>
/// <param name="Message">For people reading job logs; includes PdfPig's own message where there is one.</param>
public sealed record PdfExtractionFailure(string Reason, string Message);
