namespace Pipeline.Extraction.Ocr;

/// <summary>The paragraphs recognised on one page, in reading order.</summary>
/// <param name="MeanConfidence">Mean word confidence (0–100) over all recognised words; null when there were none.</param>
public sealed record OcrPageResult(IReadOnlyList<OcrParagraph> Paragraphs, double? MeanConfidence);

/// <param name="Text">The paragraph's lines unfolded into one normalised string.</param>
/// <param name="MeanConfidence">Mean word confidence (0–100) of the paragraph.</param>
public sealed record OcrParagraph(string Text, int Lines, double MeanConfidence);
