using System.Text;
using Pipeline.Core.Documents;

namespace Pipeline.Core.Redaction;

/// <summary>A document after redaction, with what was found; <see cref="QuarantinedBy"/> names the detector that keeps it out.</summary>
public sealed record RedactedDocument(SourceDocument Document, IReadOnlyList<RedactionFinding> Findings, string? QuarantinedBy);

/// <summary>
/// Applies a job's redaction policy to an extracted document, title, blocks, table cells and metadata alike, before
/// anything is chunked, hashed or embedded: masked values become their placeholder, values whose chunks are dropped
/// become a marker the chunk stage removes (<see cref="DropMarker"/>), flagged values stay, and one value of a
/// quarantining detector keeps the whole document out.
/// </summary>
public sealed class DocumentRedactor
{
    /// <summary>Stands in for a value whose chunks are left out; never stored, as every chunk holding it is dropped.</summary>
    public const string DropMarker = "[REDACTED-CHUNK]";

    private readonly IReadOnlyDictionary<string, RedactionAction> _actions;
    private readonly SensitiveDataScanner _scanner;
    private readonly ValueHasher _hasher;

    public DocumentRedactor(RedactionOptions options, ValueHasher hasher)
    {
        _hasher = hasher;
        // Resolved once: a value found is handled without parsing the job's action names again.
        _actions = options.Policy().Where(p => p.Action != RedactionAction.Off).ToDictionary(p => p.Detector, p => p.Action);
        _scanner = new SensitiveDataScanner(SensitiveDetectors.Create(_actions.Keys, new DetectorSettings(options.PhoneRegion)));
    }

    public RedactedDocument Redact(SourceDocument document)
    {
        var findings = new List<RedactionFinding>();
        var title = Redact(document.ExternalId, document.Title, FindingLocation.Title, findings);
        var blocks = document.Blocks.Select(block => block with
        {
            Text = Redact(document.ExternalId, block.Text, FindingLocation.Body, findings),
            Rows = block.Rows?.Select(row => (IReadOnlyList<string>)row.Select(cell => Redact(document.ExternalId, cell, FindingLocation.Body, findings)).ToList()).ToList(),
        }).ToList();
        var metadata = document.Metadata.ToDictionary(m => m.Key, m => Redact(document.ExternalId, m.Value, FindingLocation.Metadata, findings));
        if (findings.Count == 0)
        {
            return new RedactedDocument(document, [], null);
        }
        var quarantinedBy = findings.FirstOrDefault(f => f.Action == RedactionAction.QuarantineDocument)?.Detector;
        return new RedactedDocument(document with { Title = title, Blocks = blocks, Metadata = metadata }, findings, quarantinedBy);
    }

    private string Redact(string externalId, string text, FindingLocation location, List<RedactionFinding> findings)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        var matches = _scanner.Scan(text);
        if (matches.Count == 0)
        {
            return text;
        }
        var redacted = new StringBuilder(text.Length);
        var at = 0;
        foreach (var match in matches)
        {
            var value = text.Substring(match.Start, match.Length);
            var action = _actions[match.Detector];
            redacted.Append(text, at, match.Start - at);
            var replacement = action switch
            {
                RedactionAction.Mask => DetectorNames.Placeholder(match.Detector),
                RedactionAction.DropChunk => DropMarker,
                // A quarantined document is never stored; masking anyway keeps the value out of anything built from it.
                RedactionAction.QuarantineDocument => DetectorNames.Placeholder(match.Detector),
                _ => value,
            };
            var probe = location == FindingLocation.Body ? ProbeBefore(redacted) + replacement : null;
            redacted.Append(replacement);
            findings.Add(new RedactionFinding(externalId, match.Detector, action, location, _hasher.Hash(value), probe));
            at = match.End;
        }
        redacted.Append(text, at, text.Length - at);
        return redacted.ToString();
    }

    // The word just before the value, to tell apart the chunk holding this placeholder from those holding another.
    private static string ProbeBefore(StringBuilder redacted)
    {
        var start = redacted.Length;
        while (start > 0 && redacted.Length - start < 24 && !char.IsWhiteSpace(redacted[start - 1]))
        {
            start--;
        }
        return redacted.ToString(start, redacted.Length - start);
    }
}
