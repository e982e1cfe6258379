using System.Text.RegularExpressions;
using FluentValidation;

namespace Pipeline.Core.Quality;

/// <summary>Ranges of a job's quality options; the job schema says the same, this guards options built in code.</summary>
public sealed class QualityOptionsValidator : AbstractValidator<QualityOptions>
{
    public QualityOptionsValidator()
    {
        RuleFor(o => o.EmptyText.MinCharacters).InclusiveBetween(0, 1_000_000).OverridePropertyName("quality.emptyText.minCharacters").WithName("quality.emptyText.minCharacters");
        RuleFor(o => o.Oversized.MaxCharacters).GreaterThan(0).OverridePropertyName("quality.oversized.maxCharacters").WithName("quality.oversized.maxCharacters");
        RuleFor(o => o.OcrConfidence.MinConfidence).InclusiveBetween(0, 100).OverridePropertyName("quality.ocrConfidence.minConfidence").WithName("quality.ocrConfidence.minConfidence");
        RuleFor(o => o.GarbageRatio.MaxRatio).InclusiveBetween(0, 1).OverridePropertyName("quality.garbageRatio.maxRatio").WithName("quality.garbageRatio.maxRatio");
        RuleFor(o => o.ChunkTooShort.MinTokens).InclusiveBetween(0, 510).OverridePropertyName("quality.chunkTooShort.minTokens").WithName("quality.chunkTooShort.minTokens");
        RuleFor(o => o.ChunkGarbageRatio.MaxRatio).InclusiveBetween(0, 1).OverridePropertyName("quality.chunkGarbageRatio.maxRatio").WithName("quality.chunkGarbageRatio.maxRatio");
        RuleFor(o => o.BoilerplateChunk.MaxRatio).InclusiveBetween(0, 1).OverridePropertyName("quality.boilerplateChunk.maxRatio").WithName("quality.boilerplateChunk.maxRatio");
        RuleFor(o => o.BoilerplateChunk.RepeatedLineMinChunks).InclusiveBetween(2, 10_000).OverridePropertyName("quality.boilerplateChunk.repeatedLineMinChunks").WithName("quality.boilerplateChunk.repeatedLineMinChunks");
        RuleForEach(o => o.BoilerplateChunk.Patterns)
            .Must(IsRegex).WithMessage((_, pattern) => $"'{pattern}' is not a valid regular expression")
            .OverridePropertyName("quality.boilerplateChunk.patterns").WithName("quality.boilerplateChunk.patterns");
        RuleFor(o => o.MaxStoredWarningsPerRun).InclusiveBetween(0, 1_000_000).OverridePropertyName("quality.maxStoredWarningsPerRun").WithName("quality.maxStoredWarningsPerRun");
        RuleFor(o => o).Must(o => !(o.EmptyText.IsOn && o.Oversized.IsOn) || o.EmptyText.MinCharacters < o.Oversized.MaxCharacters)
            .WithMessage("quality.emptyText.minCharacters must be below quality.oversized.maxCharacters, or no document could pass")
            .OverridePropertyName("quality").WithName("quality");
    }

    /// <summary>Throws, naming every field out of range, when the options cannot be used.</summary>
    public static void EnsureValid(QualityOptions options)
    {
        var result = new QualityOptionsValidator().Validate(options);
        if (!result.IsValid)
        {
            throw new ArgumentException(string.Join("; ", result.Errors.Select(e => e.ErrorMessage)), nameof(options));
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
