using Pipeline.Core.Documents;
using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction;

public sealed class DocumentRedactorTests
{
    private static readonly ValueHasher Hasher = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private const string Email = "jane.doe@customer-example.com";
    private const string AwsKey = "AKIAZ3MPLQRT7VX2WB4N";

    private static SourceDocument Document(string title, params Block[] blocks) =>
        new("doc-1", title, blocks, 1, new Dictionary<string, string> { ["reporter"] = Email, ["status"] = "Open" });

    private static DocumentRedactor Redactor(params (string Detector, string Action)[] overrides) =>
        new(new RedactionOptions { Detectors = overrides.ToDictionary(o => o.Detector, o => o.Action) }, Hasher);

    [Fact]
    public void By_default_title_text_table_cells_and_metadata_are_masked_with_typed_placeholders()
    {
        var table = new Block(BlockKind.Table, $"Owner {Email}", 1, 1, Rows: [["Owner", "Key"], [Email, AwsKey]]);
        var result = Redactor().Redact(Document($"Ticket from {Email}", Block.Paragraph($"Use {AwsKey} and mail {Email}.", 1), table));

        Assert.Equal("Ticket from [EMAIL]", result.Document.Title);
        Assert.Equal("Use [SECRET] and mail [EMAIL].", result.Document.Blocks[0].Text);
        Assert.Equal(["[EMAIL]", "[SECRET]"], result.Document.Blocks[1].Rows![1]);
        Assert.Equal("[EMAIL]", result.Document.Metadata["reporter"]);
        Assert.Equal("Open", result.Document.Metadata["status"]);
        Assert.Null(result.QuarantinedBy);
        Assert.Equal(7, result.Findings.Count);
        Assert.All(result.Findings, f => Assert.Equal(RedactionAction.Mask, f.Action));
        Assert.Equal([FindingLocation.Title, FindingLocation.Body, FindingLocation.Body, FindingLocation.Body, FindingLocation.Body, FindingLocation.Body, FindingLocation.Metadata],
            result.Findings.Select(f => f.Location));
    }

    [Fact]
    public void The_content_hash_is_of_the_redacted_text_so_the_value_never_reaches_what_is_compared_or_embedded()
    {
        var original = Document("Notes", Block.Paragraph($"Mail {Email}.", 1));
        var redacted = Redactor().Redact(original).Document;
        var written = Document("Notes", Block.Paragraph("Mail [EMAIL].", 1));

        Assert.NotEqual(original.ContentHash(), redacted.ContentHash());
        Assert.Equal(written.ContentHash(), redacted.ContentHash());
    }

    [Fact]
    public void Equal_values_hash_alike_under_one_key_and_differently_under_another()
    {
        var findings = Redactor().Redact(Document($"From {Email}", Block.Paragraph($"Again {Email}", 1))).Findings;
        var other = new DocumentRedactor(new RedactionOptions(), new ValueHasher(new byte[32])).Redact(Document($"From {Email}")).Findings;

        Assert.Single(findings.Select(f => f.ValueHash).Distinct());
        Assert.Matches("^[0-9a-f]{32}$", findings[0].ValueHash);
        Assert.NotEqual(findings[0].ValueHash, other[0].ValueHash);
        Assert.DoesNotContain(Email, findings[0].ValueHash);
    }

    [Fact]
    public void Flag_keeps_the_value_off_skips_the_detector_drop_chunk_leaves_a_marker_and_quarantine_names_its_detector()
    {
        var flagged = Redactor(("email", "flag")).Redact(Document("Notes", Block.Paragraph($"Mail {Email}.", 1)));
        var off = Redactor(("email", "off")).Redact(Document("Notes", Block.Paragraph($"Mail {Email}.", 1)));
        var dropped = Redactor(("email", "drop-chunk")).Redact(Document("Notes", Block.Paragraph($"Mail {Email}.", 1)));
        var quarantined = Redactor(("aws-access-key", "quarantine-document")).Redact(Document("Notes", Block.Paragraph($"Key {AwsKey}.", 1)));

        Assert.Equal($"Mail {Email}.", flagged.Document.Blocks[0].Text);
        Assert.Equal(RedactionAction.Flag, flagged.Findings.Single(f => f.Location == FindingLocation.Body).Action);
        Assert.Equal($"Mail {Email}.", off.Document.Blocks[0].Text);
        Assert.Empty(off.Findings);
        Assert.Equal($"Mail {DocumentRedactor.DropMarker}.", dropped.Document.Blocks[0].Text);
        Assert.Equal("aws-access-key", quarantined.QuarantinedBy);
        Assert.DoesNotContain(AwsKey, quarantined.Document.Blocks[0].Text);
    }

    [Fact]
    public void A_document_without_sensitive_values_comes_back_as_it_was()
    {
        var document = Document("Deploy guide", Block.Paragraph("Roll out to green, then switch traffic.", 1)) with { Metadata = new Dictionary<string, string>() };

        var result = Redactor().Redact(document);

        Assert.Same(document, result.Document);
        Assert.Empty(result.Findings);
    }
}
