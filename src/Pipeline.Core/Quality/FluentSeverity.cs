using FluentValidation;

namespace Pipeline.Core.Quality;

/// <summary>Maps quality severities onto FluentValidation's, and back: a reject is an error, a warning a warning.</summary>
public static class FluentSeverity
{
    public static Severity From(QualitySeverity severity) => severity == QualitySeverity.Reject ? Severity.Error : Severity.Warning;

    public static QualitySeverity To(Severity severity) => severity == Severity.Error ? QualitySeverity.Reject : QualitySeverity.Warn;
}
