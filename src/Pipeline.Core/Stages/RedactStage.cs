using Pipeline.Core.Redaction;
using Pipeline.Core.Telemetry;

namespace Pipeline.Core.Stages;

/// <summary>
/// Sensitive values out of the extracted document, before anything is chunked, hashed or embedded: the content hash
/// is taken again of the redacted text, so what the index compares, stores and embeds never held the values. A
/// document holding a value of a quarantining detector fails as <c>sensitive-data:DETECTOR</c>, the message naming
/// the detector and the count only.
/// </summary>
public sealed class RedactStage(DocumentRedactor redactor, RedactionReport report, RunMetrics? metrics = null) : IPipelineStage
{
    public const string ReasonPrefix = "sensitive-data:";

    public string Name => "redact";

    public Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("redact stage ran before extraction");
        var result = redactor.Redact(document);
        if (result.Findings.Count == 0)
        {
            return Task.FromResult(StageOutcome.Continue);
        }
        report.Record(result.Findings, quarantined: result.QuarantinedBy is not null, (detector, action) => metrics?.Redacted(detector, action.Name()));
        if (result.QuarantinedBy is { } detector)
        {
            var count = result.Findings.Count(f => f.Detector == detector);
            return Task.FromResult(StageOutcome.Failed(ReasonPrefix + detector,
                $"{count} value(s) found by the {detector} detector; this job quarantines documents holding them (redaction.detectors.{detector} = quarantine-document)"));
        }
        context.Document = result.Document;
        context.ContentHash = result.Document.ContentHash();
        context.Redactions = result.Findings;
        return Task.FromResult(StageOutcome.Continue);
    }
}
