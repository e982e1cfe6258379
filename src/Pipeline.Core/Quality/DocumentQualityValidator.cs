using System.Globalization;
using FluentValidation;

namespace Pipeline.Core.Quality;

/// <summary>The document-level rules of a job; a rule set to <c>off</c> is not added at all.</summary>
public sealed class DocumentQualityValidator : AbstractValidator<DocumentUnderReview>
{
    public DocumentQualityValidator(QualityOptions options)
    {
        var empty = options.EmptyText;
        if (empty.IsOn)
        {
            RuleFor(d => d.Text)
                .Must(text => HasEnoughText(text, empty.MinCharacters))
                .WithName(QualityRuleNames.EmptyText).WithErrorCode(QualityRuleNames.EmptyText).WithSeverity(FluentSeverity.From(empty.Severity))
                .WithMessage((_, text) => Format($"the document has {text.Visible} non-whitespace characters, fewer than the {empty.MinCharacters} required"));
        }

        var oversized = options.Oversized;
        if (oversized.IsOn)
        {
            RuleFor(d => d.Text)
                .Must(text => IsWithinSize(text, oversized.MaxCharacters))
                .WithName(QualityRuleNames.Oversized).WithErrorCode(QualityRuleNames.Oversized).WithSeverity(FluentSeverity.From(oversized.Severity))
                .WithMessage((_, text) => Format($"the document has {text.Characters} characters of text, more than the {oversized.MaxCharacters} allowed"));
        }

        var ocr = options.OcrConfidence;
        if (ocr.IsOn)
        {
            RuleFor(d => d.Ocr)
                .Must(profile => IsConfidentEnough(profile, ocr.MinConfidence))
                .WithName(QualityRuleNames.OcrConfidence).WithErrorCode(QualityRuleNames.OcrConfidence).WithSeverity(FluentSeverity.From(ocr.Severity))
                .WithMessage((_, profile) => Format(
                    $"mean OCR confidence {profile.Mean:0.0} over {profile.OcrPages} OCR'd page(s) is under {ocr.MinConfidence:0.#} (lowest: page {profile.Lowest?.Number} at {profile.Lowest?.OcrConfidence:0.0})"));
        }

        var garbage = options.GarbageRatio;
        if (garbage.IsOn)
        {
            RuleFor(d => d.Text)
                .Must(text => IsMostlyText(text, garbage.MaxRatio))
                .WithName(QualityRuleNames.GarbageRatio).WithErrorCode(QualityRuleNames.GarbageRatio).WithSeverity(FluentSeverity.From(garbage.Severity))
                .WithMessage((_, text) => Format(
                    $"{text.GarbageRatio:P1} of the document's {text.Visible} non-whitespace characters are garbage (replacement, control or private-use characters, stray symbols, mojibake), more than {garbage.MaxRatio:P0}"));
        }
    }

    public static bool HasEnoughText(TextProfile text, int minCharacters) => text.Visible >= minCharacters;

    public static bool IsWithinSize(TextProfile text, long maxCharacters) => text.Characters <= maxCharacters;

    public static bool IsConfidentEnough(OcrConfidenceProfile profile, double minConfidence) => profile.Mean is not { } mean || mean >= minConfidence;

    public static bool IsMostlyText(TextProfile text, double maxRatio) => text.GarbageRatio <= maxRatio;

    private static string Format(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
