using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Chunking;
using Pipeline.Core.Quality;
using Pipeline.Core.Redaction;

namespace Pipeline.Core.Fingerprints;

/// <summary>
/// What produced a document's chunks, as one hash: the extractor's version, the chunking options, the quality rules
/// and the text transforms between extraction and embedding. A document stored under another fingerprint is read
/// again at the next sync even when its source version is unchanged. The embedding model is not part of it: a
/// model change re-embeds stored chunk text and needs no re-extraction.
/// </summary>
public static class PipelineFingerprint
{
    /// <summary>
    /// Bump when extraction or chunking code changes what it produces for the same input (a fixed text layer
    /// reading, a new heading rule): every document of every job is then reprocessed at its next sync.
    /// </summary>
    // 2: pages set in columns are read column by column (issue 17); a line's words are ordered by x.
    public const int ExtractorVersion = 2;

    /// <summary>
    /// Transforms applied to extracted text before chunking, by name. None today besides what chunking and quality
    /// options express; a new one is named here so that adding it reprocesses the index.
    /// </summary>
    public static IReadOnlyList<string> TextTransforms { get; } = [];

    /// <summary>SHA-256 (lower-case hex) of the canonical JSON of <see cref="Describe"/>.</summary>
    public static string Compute(ChunkingOptions chunking, QualityOptions quality, Redaction.RedactionOptions? redaction = null) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Describe(chunking, quality, redaction))));

    /// <summary>The canonical JSON the fingerprint hashes: keys sorted, no whitespace; shown for diagnosis.</summary>
    public static string Describe(ChunkingOptions chunking, QualityOptions quality, Redaction.RedactionOptions? redaction = null)
    {
        var rules = JsonSerializer.SerializeToNode(quality)!.AsObject();
        // How many findings a run stores changes what is reported, never what is indexed.
        rules.Remove("maxStoredWarningsPerRun");
        var chunkingDescription = new JsonObject
        {
            ["maxTokens"] = chunking.MaxTokens,
            ["overlapPercent"] = chunking.OverlapPercent,
            ["prependHeadingPath"] = chunking.PrependHeadingPath,
            ["minTokensPercent"] = chunking.MinTokensPercent,
        };
        // "none" and "headings" are described as the boolean they replaced, so an index built before the prefix
        // option keeps its fingerprint; only a prefix that changes the chunks adds a key (and reprocesses).
        if (chunking.Prefix == ChunkPrefix.TitleHeadings)
        {
            chunkingDescription["prefix"] = chunking.Prefix.Name();
        }
        var description = new JsonObject
        {
            ["extractorVersion"] = ExtractorVersion,
            ["chunking"] = chunkingDescription,
            ["quality"] = rules,
            ["textTransforms"] = new JsonArray(TextTransforms.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            ["redaction"] = DescribeRedaction(redaction ?? new Redaction.RedactionOptions()),
        };
        return Canonical(description)!.ToJsonString();
    }

    /// <summary>Object keys in ordinal order at every depth, so the hash does not depend on declaration order.</summary>
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };

    // The effective action of every detector (defaults spelled out) and the phone region: a policy change, or a new
    // default, reprocesses the documents it concerns; the redaction code's own version is part of it too.
    private static JsonObject DescribeRedaction(Redaction.RedactionOptions redaction)
    {
        var detectors = new JsonObject();
        foreach (var (detector, action) in redaction.Policy().OrderBy(p => p.Detector, StringComparer.Ordinal))
        {
            detectors[detector] = action.Name();
        }
        return new JsonObject
        {
            ["version"] = RedactionVersion,
            ["phoneRegion"] = redaction.PhoneRegion,
            ["detectors"] = detectors,
        };
    }

    /// <summary>Bump when a detector finds something different in the same text: every document is redacted again.</summary>
    public const int RedactionVersion = 1;
}
