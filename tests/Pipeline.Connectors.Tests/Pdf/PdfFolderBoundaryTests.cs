using Pipeline.Connectors.Pdf;
using Pipeline.Core.Hashing;
using Pipeline.Extraction.Ocr;

namespace Pipeline.Connectors.Tests.Pdf;

/// <summary>The folder boundary through links that only a full resolution of the path sees.</summary>
public sealed class PdfFolderBoundaryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pdf-root-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("pdf-outside-").FullName;

    [Fact]
    public async Task A_link_that_leaves_through_a_linked_directory_inside_the_folder_is_outside_root()
    {
        File.WriteAllText(Path.Combine(_outside, "secret.pdf"), "not for this job");
        Directory.CreateSymbolicLink(Path.Combine(_root, "inner"), _outside);
        // The link's own target, "inner/secret.pdf", looks as if it stays inside.
        File.CreateSymbolicLink(Path.Combine(_root, "a.pdf"), Path.Combine("inner", "secret.pdf"));
        var source = Source();

        var listed = Assert.Single(await source.ListAsync(CancellationToken.None).ToListAsync());
        var loaded = await source.LoadAsync(listed, CancellationToken.None);

        Assert.Equal(("a.pdf", "skipped:outside-root"), (listed.ExternalId, listed.Version));
        Assert.Equal("outside-root", loaded.FailureReason);
    }

    [Fact]
    public async Task A_link_loop_is_skipped_instead_of_failing_the_listing()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "one.pdf"), "two.pdf");
        File.CreateSymbolicLink(Path.Combine(_root, "two.pdf"), "one.pdf");

        var listed = await Source().ListAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(["skipped:outside-root", "skipped:outside-root"], listed.Select(r => r.Version));
    }

    [Fact]
    public async Task A_link_to_a_file_inside_the_folder_is_read_like_the_file()
    {
        Directory.CreateDirectory(Path.Combine(_root, "real"));
        File.WriteAllText(Path.Combine(_root, "real", "report.pdf"), "bytes of a report");
        File.CreateSymbolicLink(Path.Combine(_root, "alias.pdf"), Path.Combine("real", "report.pdf"));

        var listed = await Source().ListAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(["alias.pdf", "real/report.pdf"], listed.Select(r => r.ExternalId));
        Assert.All(listed, r => Assert.Equal(ContentHash.OfBytes("bytes of a report"u8), r.Version));
    }

    private PdfFolderSource Source() => new("pdf:boundary", new PdfFolderOptions { Folder = _root, Ocr = OcrOptions.Disabled });

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }
}
