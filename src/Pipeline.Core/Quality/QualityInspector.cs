using FluentValidation.Results;
using Pipeline.Core.Chunking;
using Pipeline.Core.Documents;

namespace Pipeline.Core.Quality;

/// <summary>
/// Applies a job's quality rules to a document, then to its chunks: a rejected document stops there; rejected
/// chunks are dropped, and a document left with none is rejected by the rule that dropped most of them.
/// </summary>
public sealed class QualityInspector
{
    private readonly DocumentQualityValidator _documents;
    private readonly ChunkQualityValidator _chunks;
    private readonly BoilerplateLines _boilerplate;

    public QualityInspector(QualityOptions options)
    {
        QualityOptionsValidator.EnsureValid(options);
        _documents = new DocumentQualityValidator(options);
        _chunks = new ChunkQualityValidator(options);
        _boilerplate = new BoilerplateLines(options.BoilerplateChunk);
    }

    public QualityVerdict Inspect(SourceDocument document, IReadOnlyList<Chunk> chunks)
    {
        var findings = Findings(document.ExternalId, null, _documents.Validate(DocumentUnderReview.Of(document))).ToList();
        var rejection = findings.FirstOrDefault(f => f.Severity == QualitySeverity.Reject);
        if (rejection is not null)
        {
            return new QualityVerdict(findings, rejection with { Message = WithOthers(rejection, findings) }, []);
        }

        var kept = new List<Chunk>(chunks.Count);
        var chunkRejections = new List<QualityFinding>();
        foreach (var review in ChunkUnderReview.Of(chunks, _boilerplate))
        {
            var chunkFindings = Findings(document.ExternalId, review.Chunk.Ordinal, _chunks.Validate(review)).ToList();
            findings.AddRange(chunkFindings);
            var rejected = chunkFindings.FirstOrDefault(f => f.Severity == QualitySeverity.Reject);
            if (rejected is null)
            {
                kept.Add(review.Chunk);
            }
            else
            {
                chunkRejections.Add(rejected);
            }
        }
        if (kept.Count == 0 && chunks.Count > 0)
        {
            return new QualityVerdict(findings, AllChunksRejected(document.ExternalId, chunkRejections), []);
        }
        // Numbered afresh so the index keeps ordinals 0..n-1 (what `verify` checks); findings keep the ordinals as chunked.
        return new QualityVerdict(findings, null, kept.Count == chunks.Count ? kept : kept.Select((c, i) => c with { Ordinal = i }).ToList());
    }

    private static QualityFinding AllChunksRejected(string externalId, IReadOnlyList<QualityFinding> rejections)
    {
        var byRule = rejections.GroupBy(r => r.Rule).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var counts = string.Join(", ", byRule.Select(g => $"{g.Count()} {g.Key}"));
        return new QualityFinding(externalId, null, byRule[0].Key, QualitySeverity.Reject,
            $"all {rejections.Count} chunks were rejected ({counts}); first: {rejections[0].Message}");
    }

    // The reason names one rule; the message keeps the others so one look at the quarantine tells the whole story.
    private static string WithOthers(QualityFinding rejection, IReadOnlyList<QualityFinding> findings)
    {
        var others = findings.Where(f => !ReferenceEquals(f, rejection)).Select(f => $"{f.Rule} ({f.Severity.ToString().ToLowerInvariant()}): {f.Message}").ToList();
        return others.Count == 0 ? rejection.Message : $"{rejection.Message}; also {string.Join("; ", others)}";
    }

    private static IEnumerable<QualityFinding> Findings(string externalId, int? ordinal, ValidationResult result) =>
        result.Errors.Select(e => new QualityFinding(externalId, ordinal, e.ErrorCode, FluentSeverity.To(e.Severity), e.ErrorMessage));
}
