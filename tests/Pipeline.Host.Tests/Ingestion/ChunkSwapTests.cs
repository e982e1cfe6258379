using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Ingestion;

public sealed class ChunkSwapTests
{
    [Fact]
    public async Task A_reader_never_sees_a_changing_document_with_zero_or_doubled_chunks()
    {
        using var folder = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        await using var harness = await PipelineHarness.CreateAsync("swap");
        await harness.IngestFolderAsync(folder.Path);
        var documentId = await harness.ScalarAsync<long>("SELECT id FROM pipeline.documents");
        string[] versions = ["corrupt-broken-xref-offsets-gdrive.pdf", "encrypted-owner-only-nocopy.pdf", "rotation-page2-rotate90.pdf"];

        using var stop = new CancellationTokenSource();
        var observations = 0;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await using var command = harness.DataSource.CreateCommand(
                    "SELECT count(*), count(DISTINCT ordinal), coalesce(max(ordinal) + 1, 0) FROM pipeline.chunks WHERE document_id = @id");
                command.Parameters.AddWithValue("id", documentId);
                await using var row = await command.ExecuteReaderAsync();
                await row.ReadAsync();
                var (count, distinct, span) = (row.GetInt64(0), row.GetInt64(1), row.GetInt32(2));
                Assert.True(count > 0, "a reader saw the document with no chunks");
                Assert.Equal(count, distinct);
                Assert.Equal(count, span);
                observations++;
            }
        });

        for (var round = 0; round < 6; round++)
        {
            File.Copy(Corpus.Pdf(versions[round % versions.Length]), folder.File("rotation-page2-rotate90.pdf"), overwrite: true);
            var summary = await harness.IngestFolderAsync(folder.Path);
            Assert.Equal(1, summary.Documents.Changed);
        }
        stop.Cancel();
        await reader;
        Assert.True(observations > 10, $"the reader only looked {observations} times");
    }
}
