using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Storage.Index;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Cli;

/// <summary><c>verify [--repair]</c> through the real CLI: a clean index, a corrupted one, its repair and rebuild.</summary>
public sealed class VerifyCommandTests
{
    private const string Gapped = "dpr-paper-two-column.pdf";
    private const string ForeignModel = "encrypted-owner-only-nocopy.pdf";
    private static readonly string[] Pdfs = [Gapped, "rotation-page2-rotate90.pdf", ForeignModel];

    [Fact]
    public async Task Verify_finds_each_kind_of_corruption_repair_fixes_it_and_the_next_sync_rebuilds_only_the_damaged_documents()
    {
        using var folder = Corpus.CopyToTemp(Pdfs);
        await using var harness = await PipelineHarness.CreateAsync("verify");
        var first = await harness.IngestFolderAsync(folder.Path);
        var environment = new Dictionary<string, string> { ["PIPELINE_DB"] = harness.ConnectionString, ["PIPELINE_JOBS_DIR"] = harness.Jobs.Path };
        var before = await harness.ChunkIdsAsync();
        Assert.True(before[Gapped].Count >= 3, $"{Gapped} has only {before[Gapped].Count} chunks");

        var clean = await VerifyAsync(environment, "--json");
        Assert.True(clean.ExitCode == 0, clean.Output + clean.Stderr);
        Assert.True(clean.Json.GetProperty("clean").GetBoolean());
        Assert.Equal(first.ChunksWritten, clean.Json.GetProperty("chunks_checked").GetInt64());
        Assert.All(clean.Json.GetProperty("problems").EnumerateObject(), p => Assert.Equal(0, p.Value.GetProperty("count").GetInt64()));

        await CorruptAsync(harness, before);

        var broken = await VerifyAsync(environment, "--json");
        Assert.Equal(1, broken.ExitCode);
        Assert.False(broken.Json.GetProperty("clean").GetBoolean());
        var problems = broken.Json.GetProperty("problems");
        Assert.Equal(0, Count(problems, "documents_without_chunks"));
        Assert.Equal(1, Count(problems, "ordinal_gaps"));
        Assert.Equal(1, Count(problems, "wrong_chunk_ids"));
        Assert.Equal(1, Count(problems, "wrong_model"));
        Assert.Equal(0, Count(problems, "wrong_dimension"));
        Assert.Equal(1, Count(problems, "orphaned_chunks"));
        Assert.Equal(1, Count(problems, "chunks_of_failed_documents"));
        Assert.Equal(Gapped, problems.GetProperty("ordinal_gaps").GetProperty("examples")[0].GetProperty("document").GetString());
        Assert.Contains("missing: 1", problems.GetProperty("ordinal_gaps").GetProperty("examples")[0].GetProperty("detail").GetString());
        Assert.Equal(ForeignModel, problems.GetProperty("wrong_model").GetProperty("examples")[0].GetProperty("document").GetString());
        Assert.Equal("quarantined.pdf", problems.GetProperty("chunks_of_failed_documents").GetProperty("examples")[0].GetProperty("document").GetString());

        var readable = await CliProcess.RunAsync(environment, "verify");
        Assert.Equal(1, readable.ExitCode);
        Assert.Contains("ordinal_gaps: 1 documents", readable.Stdout);
        Assert.Contains("wrong_model: 1 chunks", readable.Stdout);
        Assert.Contains("--repair", readable.Stdout);

        var repair = await VerifyAsync(environment, "--repair", "--json");
        Assert.True(repair.ExitCode == 0, repair.Output + repair.Stderr);
        // The orphan, the quarantined document's chunk, and the vector of another model.
        Assert.Equal(3, repair.Json.GetProperty("repair").GetProperty("chunks_deleted").GetInt64());
        Assert.Equal(2, repair.Json.GetProperty("repair").GetProperty("documents_scheduled").GetInt64());

        var rebuild = await harness.IngestFolderAsync(folder.Path);
        Assert.Equal(2, rebuild.Documents.Changed);
        Assert.Equal(Pdfs.Length - 2, rebuild.Documents.Unchanged);
        Assert.Equal(0, rebuild.Documents.New + rebuild.Documents.Deleted + rebuild.Documents.Failed);
        Assert.Equal(before[Gapped].Count + before[ForeignModel].Count, rebuild.ChunksWritten);
        // Only the deleted chunk and the one of another model are embedded again; the damaged documents' other vectors are reused.
        Assert.Equal(2, rebuild.EmbeddingsComputed);
        Assert.Equal(before, await harness.ChunkIdsAsync());

        var after = await VerifyAsync(environment, "--json");
        Assert.True(after.ExitCode == 0, after.Output);
        Assert.True(after.Json.GetProperty("clean").GetBoolean());
    }

    [Fact]
    public async Task A_chunk_left_out_on_purpose_is_not_a_gap_but_an_unrecorded_one_is()
    {
        using var folder = Corpus.CopyToTemp(Gapped);
        await using var harness = await PipelineHarness.CreateAsync("verify_drops");
        var run = await harness.IngestFolderAsync(folder.Path);
        var chunks = (await harness.ChunkIdsAsync())[Gapped];
        var verification = harness.Services.GetRequiredService<IndexVerification>();
        await ExecuteAsync(harness, "DELETE FROM pipeline.chunks WHERE id = ANY(@ids)", ("ids", new[] { chunks[1], chunks[2], chunks[3] }));
        await ExecuteAsync(harness,
            """
            INSERT INTO pipeline.dead_letters (job_name, source, external_id, chunk_ordinal, content_hash, error, run_id, payload_ref)
            SELECT 'test', source, external_id, 1, 'hash', 'model failed', @run, 'ref' FROM pipeline.documents;
            INSERT INTO pipeline.quality_findings (run_id, source, external_id, chunk_ordinal, rule, severity, message)
            SELECT @run, source, external_id, 2, 'chunkTooShort', 'reject', 'too short' FROM pipeline.documents;
            """, ("run", run.RunId));

        var report = await verification.CheckAsync(5, CancellationToken.None);

        // Ordinal 3 has no record: still a gap, and the example names only it.
        Assert.Equal(1, report.Problems[ProblemKinds.OrdinalGaps].Count);
        Assert.EndsWith("missing: 3", report.Problems[ProblemKinds.OrdinalGaps].Examples[0].Detail);

        await ExecuteAsync(harness,
            "INSERT INTO pipeline.dead_letters (job_name, source, external_id, chunk_ordinal, content_hash, error, run_id, payload_ref) SELECT 'test', source, external_id, 3, 'hash3', 'model failed', @run, 'ref' FROM pipeline.documents",
            ("run", run.RunId));
        Assert.True((await verification.CheckAsync(5, CancellationToken.None)).Clean);
    }

    /// <summary>One of each: a gap, a wrong id, a vector of another model, a quarantined document's chunk, a chunk without document.</summary>
    private static async Task CorruptAsync(PipelineHarness harness, Dictionary<string, List<string>> chunks)
    {
        var gapped = chunks[Gapped];
        await ExecuteAsync(harness, "DELETE FROM pipeline.chunks WHERE id = @id", ("id", gapped[1]));
        await ExecuteAsync(harness, "UPDATE pipeline.chunks SET id = 'not-a-derived-id' WHERE id = @id", ("id", gapped[2]));
        await ExecuteAsync(harness, "UPDATE pipeline.chunk_vectors SET model_sha256 = repeat('0', 64) WHERE chunk_id = @id", ("id", chunks[ForeignModel][0]));
        await ExecuteAsync(harness,
            """
            WITH failed AS (
                INSERT INTO pipeline.documents (source, external_id, status, failure_reason) VALUES ('elsewhere', 'quarantined.pdf', 'failed', 'no-text')
                RETURNING id)
            INSERT INTO pipeline.chunks (id, document_id, ordinal, text, token_count, content_hash, heading_path, page_start, page_end)
            SELECT 'quarantined-chunk', failed.id, 0, text, token_count, content_hash, heading_path, page_start, page_end
            FROM pipeline.chunks, failed WHERE pipeline.chunks.id = @id
            """, ("id", gapped[0]));
        // The foreign key forbids a chunk without document; a replica-role session (as a restore tool would) skips it.
        await ExecuteAsync(harness,
            """
            SET session_replication_role = replica;
            INSERT INTO pipeline.chunks (id, document_id, ordinal, text, token_count, content_hash, heading_path, page_start, page_end)
            SELECT 'orphan-chunk', -1, 0, text, token_count, content_hash, heading_path, page_start, page_end
            FROM pipeline.chunks WHERE id = @id;
            SET session_replication_role = origin;
            """, ("id", gapped[0]));
    }

    private static async Task ExecuteAsync(PipelineHarness harness, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await harness.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync();
    }

    private static long Count(JsonElement problems, string kind) => problems.GetProperty(kind).GetProperty("count").GetInt64();

    private sealed record Verified(int ExitCode, JsonElement Json, string Output, string Stderr);

    private static async Task<Verified> VerifyAsync(IReadOnlyDictionary<string, string> environment, params string[] options)
    {
        var result = await CliProcess.RunAsync(environment, ["verify", .. options]);
        Assert.True(result.Stdout.Length > 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        return new Verified(result.ExitCode, json.RootElement.Clone(), result.Stdout, result.Stderr);
    }
}
