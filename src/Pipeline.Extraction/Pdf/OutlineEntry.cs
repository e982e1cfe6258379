namespace Pipeline.Extraction.Pdf;

/// <summary>One bookmark of the PDF's outline that points at a page of the document.</summary>
/// <param name="Title">Normalised title as the outline spells it.</param>
/// <param name="Level">Heading level, 1 = top.</param>
/// <param name="Page">1-based page the bookmark opens.</param>
internal sealed record OutlineEntry(string Title, int Level, int Page);
