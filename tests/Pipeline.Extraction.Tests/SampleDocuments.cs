using Pipeline.Core.Documents;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Extraction.Tests;

/// <summary>
/// Keeps the sample PDFs under samples/pdf (ingested by the first "./pipeline up") reproducible from the
/// prose in SampleSources. PdfPig writes a random document id, so the check compares extracted text rather
/// than bytes. A missing sample is written; after editing the prose, run once with
/// PIPELINE_UPDATE_SAMPLES=1 to rewrite the committed files.
/// </summary>
public sealed class SampleDocuments
{
    private const string UpdateVariable = "PIPELINE_UPDATE_SAMPLES";

    private readonly PdfTextExtractor _extractor = new();

    [Fact]
    public void Sample_pdfs_are_up_to_date()
    {
        var sourceDir = Path.Combine(RepositoryPaths.Root, "tests", "Pipeline.Extraction.Tests", "SampleSources");
        var sampleDir = Path.Combine(RepositoryPaths.Root, "samples", "pdf");
        var update = Environment.GetEnvironmentVariable(UpdateVariable) == "1";
        var generatedDir = Directory.CreateTempSubdirectory("pipeline-samples-");
        try
        {
            var expected = new List<string>();
            foreach (var sourceFile in Directory.EnumerateFiles(sourceDir, "*.md", SearchOption.AllDirectories).Order())
            {
                var relative = Path.ChangeExtension(Path.GetRelativePath(sourceDir, sourceFile), ".pdf").Replace('\\', '/');
                expected.Add(relative);
                var source = SampleSource.Parse(relative, File.ReadAllText(sourceFile));

                var generatedPath = Path.Combine(generatedDir.FullName, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(generatedPath)!);
                File.WriteAllBytes(generatedPath, SamplePdfWriter.Write(source));
                var generated = Extract(generatedPath, relative);

                // The samples double as an end-to-end check: what was typeset must come back block for block.
                Assert.Equal(source.Title, generated.Title);
                Assert.Equal(Describe(source.Blocks), Describe(generated.Blocks));
                Assert.True(generated.Pages >= 2, $"{relative} should span several pages, has {generated.Pages}");

                var committedPath = Path.Combine(sampleDir, relative);
                if (update || !File.Exists(committedPath))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(committedPath)!);
                    File.Copy(generatedPath, committedPath, overwrite: true);
                    continue;
                }
                var committed = Extract(committedPath, relative);
                Assert.True(
                    Describe(generated.Blocks).SequenceEqual(Describe(committed.Blocks)) && generated.Pages == committed.Pages,
                    $"samples/pdf/{relative} differs from its source; rerun with {UpdateVariable}=1 to regenerate it.");
            }

            var committedFiles = Directory.EnumerateFiles(sampleDir, "*.pdf", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(sampleDir, f).Replace('\\', '/'));
            Assert.Empty(committedFiles.Except(expected));
        }
        finally
        {
            generatedDir.Delete(recursive: true);
        }
    }

    private SourceDocument Extract(string path, string externalId)
    {
        var result = _extractor.ExtractFile(path, externalId);
        Assert.True(result.Succeeded, result.Failure?.Message);
        return result.Document;
    }

    // Pages are left out: the source has none, and page breaks are checked through the page count.
    private static IEnumerable<string> Describe(IEnumerable<Block> blocks) =>
        blocks.Select(b => $"{b.Kind}{b.Level}: {b.Text}");
}
