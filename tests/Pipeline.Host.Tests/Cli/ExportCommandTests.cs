using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using Pgvector;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Cli;

/// <summary><c>export --jsonl</c> through the real CLI against an index built from real corpus PDFs.</summary>
public sealed class ExportCommandTests
{
    private static readonly string[] Pdfs = ["dpr-paper-two-column.pdf", "rotation-page2-rotate90.pdf", "encrypted-owner-only-nocopy.pdf"];

    [Fact]
    public async Task Export_lists_every_chunk_once_in_stable_order_and_two_exports_are_byte_identical()
    {
        using var folder = Corpus.CopyToTemp(Pdfs);
        await using var harness = await PipelineHarness.CreateAsync("export");
        await harness.IngestFolderAsync(folder.Path);
        var environment = CliEnvironment(harness);

        var first = await CliProcess.RunAsync(environment, "export", "--jsonl");
        var second = await CliProcess.RunAsync(environment, "export", "--jsonl");
        var file = harness.Jobs.File("export.jsonl");
        var toFile = await CliProcess.RunAsync(environment, "export", "--jsonl", "--output", file);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(toFile.ExitCode == 0, toFile.Stderr);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(Encoding.UTF8.GetBytes(first.Stdout), await File.ReadAllBytesAsync(file));
        Assert.False(File.Exists(file + ".partial"));

        var lines = first.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = await harness.ChunkIdsAsync();
        Assert.Equal(expected.Values.Sum(ids => ids.Count), lines.Length);
        var keys = new List<(string Source, string Document, int Chunk)>();
        var ids = new HashSet<string>();
        foreach (var line in lines)
        {
            using var chunk = JsonDocument.Parse(line);
            var root = chunk.RootElement;
            foreach (var field in new[] { "document", "source", "chunk", "id", "content_hash", "text", "heading_path", "pages", "model_id", "model_sha256" })
            {
                Assert.True(root.TryGetProperty(field, out _), $"missing {field} in {line}");
            }
            Assert.False(root.TryGetProperty("vector", out _));
            Assert.Equal(JsonValueKind.Array, root.GetProperty("heading_path").ValueKind);
            Assert.Equal(2, root.GetProperty("pages").GetArrayLength());
            Assert.Equal(SharedEmbedder.Value.Model.Sha256, root.GetProperty("model_sha256").GetString());
            keys.Add((root.GetProperty("source").GetString()!, root.GetProperty("document").GetString()!, root.GetProperty("chunk").GetInt32()));
            Assert.True(ids.Add(root.GetProperty("id").GetString()!), "a chunk id appears twice");
        }
        Assert.Equal(expected.Values.SelectMany(v => v).Order(), ids.Order());
        var ordered = keys.OrderBy(k => k.Source, StringComparer.Ordinal).ThenBy(k => k.Document, StringComparer.Ordinal).ThenBy(k => k.Chunk).ToList();
        Assert.Equal(ordered, keys);
        Assert.Equal(Pdfs.Order(StringComparer.Ordinal), keys.Select(k => k.Document).Distinct());
    }

    [Fact]
    public async Task Export_with_vectors_adds_the_stored_384_floats_exactly()
    {
        using var folder = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        await using var harness = await PipelineHarness.CreateAsync("export_vectors");
        await harness.IngestFolderAsync(folder.Path);
        var stored = new Dictionary<string, float[]>();
        await using (var command = harness.DataSource.CreateCommand("SELECT chunk_id, embedding FROM pipeline.chunk_vectors"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = reader.GetFieldValue<Vector>(1).ToArray();
            }
        }

        var export = await CliProcess.RunAsync(CliEnvironment(harness), "export", "--jsonl", "--vectors");

        Assert.True(export.ExitCode == 0, export.Stderr);
        var lines = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(stored.Count, lines.Length);
        foreach (var line in lines)
        {
            using var chunk = JsonDocument.Parse(line);
            var vector = chunk.RootElement.GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            Assert.Equal(384, vector.Length);
            // Shortest round-trip formatting: parsing the text gives back the stored float bit for bit.
            Assert.Equal(stored[chunk.RootElement.GetProperty("id").GetString()!], vector);
        }
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task An_export_file_is_created_readable_by_its_owner_only()
    {
        await using var harness = await PipelineHarness.CreateAsync("export_mode");
        var file = harness.Jobs.File("export.jsonl");
        // An older export made before the fix, readable by everyone: the new one replaces it, mode and all.
        await File.WriteAllTextAsync(file, "");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var export = await CliProcess.RunAsync(CliEnvironment(harness), "export", "--jsonl", "--output", file);

        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    private static Dictionary<string, string> CliEnvironment(PipelineHarness harness) => new()
    {
        ["PIPELINE_DB"] = harness.ConnectionString,
        ["PIPELINE_JOBS_DIR"] = harness.Jobs.Path,
    };
}
