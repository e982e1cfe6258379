using System.Text.RegularExpressions;

namespace Pipeline.Extraction.Ocr;

/// <summary>How pages whose text layer is missing or unusable are rendered and OCR'd.</summary>
public sealed partial record OcrOptions
{
    public const int MinDpi = 72;
    public const int MaxDpi = 600;

    /// <summary>For callers that only want the text layer: candidate pages are recorded as skipped.</summary>
    public static OcrOptions Disabled { get; } = new() { Enabled = false };

    public bool Enabled { get; init; } = true;

    /// <summary>Tesseract language codes joined by '+' (<c>eng+deu</c>); each needs its <c>tesseract-ocr-LANG</c> package.</summary>
    public string Languages { get; init; } = "eng";

    /// <summary>Rendering resolution; 300 is what Tesseract is trained for, more mainly costs time.</summary>
    public int Dpi { get; init; } = 300;

    /// <summary>Pages rendered and OCR'd at once, across one document.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Rendering plus recognition of one page; a page taking longer is skipped and recorded.</summary>
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Removes long thin rules (underlines, table borders) from the rendered page before recognition: Tesseract's
    /// page segmentation otherwise tends to take an underlined heading for a picture and drop it.
    /// </summary>
    public bool EraseRuledLines { get; init; } = true;

    public TextLayerThresholds TextLayer { get; init; } = new();

    public string TesseractPath { get; init; } = "tesseract";

    public string PdftoppmPath { get; init; } = "pdftoppm";

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem at once.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Languages is null || !LanguageList().IsMatch(Languages))
        {
            problems.Add($"Languages '{Languages}' must be Tesseract language codes joined by '+', e.g. eng+deu");
        }
        if (Dpi is < MinDpi or > MaxDpi)
        {
            problems.Add($"Dpi {Dpi} must be between {MinDpi} and {MaxDpi}");
        }
        if (MaxParallelism is < 1 or > 64)
        {
            problems.Add($"MaxParallelism {MaxParallelism} must be between 1 and 64");
        }
        if (PageTimeout <= TimeSpan.Zero || PageTimeout > TimeSpan.FromHours(1))
        {
            problems.Add($"PageTimeout {PageTimeout} must be positive and at most 1 hour");
        }
        if (string.IsNullOrWhiteSpace(TesseractPath))
        {
            problems.Add("TesseractPath must not be empty");
        }
        if (string.IsNullOrWhiteSpace(PdftoppmPath))
        {
            problems.Add("PdftoppmPath must not be empty");
        }
        if (TextLayer is null)
        {
            problems.Add("TextLayer thresholds must be set");
        }
        else
        {
            problems.AddRange(TextLayer.Problems());
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(OcrOptions)}: {string.Join("; ", problems)}");
        }
    }

    internal IReadOnlyList<string> LanguageCodes => Languages.Split('+');

    [GeneratedRegex("^[a-z][a-z_]{2,}(\\+[a-z][a-z_]{2,})*$")]
    private static partial Regex LanguageList();
}
