using System.Globalization;
using FluentValidation;

namespace Pipeline.Core.Quality;

/// <summary>The chunk-level rules of a job; a rule set to <c>off</c> is not added at all.</summary>
public sealed class ChunkQualityValidator : AbstractValidator<ChunkUnderReview>
{
    public ChunkQualityValidator(QualityOptions options)
    {
        var tooShort = options.ChunkTooShort;
        if (tooShort.IsOn)
        {
            RuleFor(c => c.Chunk.TokenCount)
                .Must(tokens => HasEnoughTokens(tokens, tooShort.MinTokens))
                .WithName(QualityRuleNames.ChunkTooShort).WithErrorCode(QualityRuleNames.ChunkTooShort).WithSeverity(FluentSeverity.From(tooShort.Severity))
                .WithMessage((_, tokens) => Format($"the chunk has {tokens} tokens, fewer than the {tooShort.MinTokens} required"));
        }

        var garbage = options.ChunkGarbageRatio;
        if (garbage.IsOn)
        {
            RuleFor(c => c.Text)
                .Must(text => DocumentQualityValidator.IsMostlyText(text, garbage.MaxRatio))
                .WithName(QualityRuleNames.ChunkGarbageRatio).WithErrorCode(QualityRuleNames.ChunkGarbageRatio).WithSeverity(FluentSeverity.From(garbage.Severity))
                .WithMessage((_, text) => Format($"{text.GarbageRatio:P1} of the chunk's {text.Visible} non-whitespace characters are garbage, more than {garbage.MaxRatio:P0}"));
        }

        var duplicate = options.DuplicateChunk;
        if (duplicate.IsOn)
        {
            RuleFor(c => c.RepeatsOrdinal)
                .Must(IsOriginal)
                .WithName(QualityRuleNames.DuplicateChunk).WithErrorCode(QualityRuleNames.DuplicateChunk).WithSeverity(FluentSeverity.From(duplicate.Severity))
                .WithMessage((_, ordinal) => Format($"the chunk repeats chunk {ordinal} of the same document"));
        }

        var boilerplate = options.BoilerplateChunk;
        if (boilerplate.IsOn)
        {
            RuleFor(c => c.BoilerplateRatio)
                .Must(ratio => IsMostlyContent(ratio, boilerplate.MaxRatio))
                .WithName(QualityRuleNames.BoilerplateChunk).WithErrorCode(QualityRuleNames.BoilerplateChunk).WithSeverity(FluentSeverity.From(boilerplate.Severity))
                .WithMessage((_, ratio) => Format($"{ratio:P0} of the chunk is boilerplate (notices, page numbers, lines repeated across chunks), more than {boilerplate.MaxRatio:P0}"));
        }
    }

    public static bool HasEnoughTokens(int tokens, int minTokens) => tokens >= minTokens;

    public static bool IsOriginal(int? repeatsOrdinal) => repeatsOrdinal is null;

    public static bool IsMostlyContent(double boilerplateRatio, double maxRatio) => boilerplateRatio <= maxRatio;

    private static string Format(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
