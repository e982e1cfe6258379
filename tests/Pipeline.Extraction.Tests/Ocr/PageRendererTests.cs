using System.Runtime.Versioning;
using Pipeline.Extraction.Ocr;

namespace Pipeline.Extraction.Tests.Ocr;

public sealed class PageRendererTests : IDisposable
{
    private const string Encrypted = "encrypted-rc4-userpw-test.pdf"; // user password "test"

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("renderer-test-");
    private readonly PageRenderer _renderer = new(new OcrOptions());

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Page_is_rendered_to_a_greyscale_image_of_the_requested_resolution()
    {
        var image = await _renderer.RenderAsync(
            RepositoryPaths.CorpusPdf("rotation-page2-rotate90.pdf"), 2, 100, null, _directory.FullName, CancellationToken.None);

        var raster = await GrayImage.ReadAsync(image, CancellationToken.None);
        Assert.NotNull(raster);
        Assert.Equal((1100, 850), (raster.Width, raster.Height)); // 11 x 8.5 inches: the page's /Rotate 90 is applied
    }

    [Fact]
    public async Task Encrypted_pdf_is_rendered_with_its_password()
    {
        var image = await _renderer.RenderAsync(
            RepositoryPaths.CorpusPdf(Encrypted), 1, 72, "test", _directory.FullName, CancellationToken.None);

        Assert.True(File.Exists(image));
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Encrypted_pdf_is_rendered_without_its_password_on_any_command_line()
    {
        // A pdftoppm that writes down its arguments, then renders: /proc/<pid>/cmdline shows other users exactly these.
        var arguments = Path.Combine(_directory.FullName, "arguments.txt");
        var pdftoppm = Path.Combine(_directory.FullName, "pdftoppm");
        File.WriteAllText(pdftoppm, $"#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{arguments}'\nexec /usr/bin/pdftoppm \"$@\"\n");
        File.SetUnixFileMode(pdftoppm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var renderer = new PageRenderer(new OcrOptions { PdftoppmPath = pdftoppm });
        const string password = "test";

        var image = await renderer.RenderAsync(
            RepositoryPaths.CorpusPdf(Encrypted), 1, 72, password, _directory.FullName, CancellationToken.None);

        var raster = await GrayImage.ReadAsync(image, CancellationToken.None);
        Assert.NotNull(raster);
        // Ink on the page: its content was decrypted, not copied still encrypted (which renders blank).
        Assert.True(raster.Pixels.IndexOfAnyExcept((byte)255) >= 0, "the rendered page is blank");
        var passed = File.ReadAllLines(arguments);
        Assert.NotEmpty(passed);
        Assert.DoesNotContain(password, passed);
        Assert.DoesNotContain("-upw", passed);
        Assert.DoesNotContain("-opw", passed);
        // The decrypted copy it rendered from is gone: only the image is left beside the script and its notes.
        Assert.Equal(["arguments.txt", Path.GetFileName(image), "pdftoppm"], Directory.GetFiles(_directory.FullName).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Encrypted_pdf_without_its_password_is_a_page_failure()
    {
        var error = await Assert.ThrowsAsync<OcrFailedException>(() => _renderer.RenderAsync(
            RepositoryPaths.CorpusPdf(Encrypted), 1, 72, null, _directory.FullName, CancellationToken.None));

        Assert.StartsWith("pdftoppm could not render the page (exit code", error.Message);
    }

    [Fact]
    public async Task A_page_needing_more_memory_than_the_renderer_may_use_is_a_page_failure()
    {
        // 16 MB of address space cannot even map poppler's libraries; 1 GB (the default) renders this page.
        var starved = new PageRenderer(new OcrOptions(), maxAddressSpaceBytes: 16L * 1024 * 1024);

        await Assert.ThrowsAsync<OcrFailedException>(() => starved.RenderAsync(
            RepositoryPaths.CorpusPdf("scan-huckleberry-finn-p22.pdf"), 1, 300, null, _directory.FullName, CancellationToken.None));
        var image = await _renderer.RenderAsync(
            RepositoryPaths.CorpusPdf("scan-huckleberry-finn-p22.pdf"), 1, 300, null, _directory.FullName, CancellationToken.None);
        Assert.True(File.Exists(image));
    }

    [Fact]
    public async Task A_missing_pdftoppm_is_reported_as_unavailable_not_as_a_page_failure()
    {
        var renderer = new PageRenderer(new OcrOptions { PdftoppmPath = "/nonexistent/pdftoppm" });

        var error = await Assert.ThrowsAsync<OcrEngineUnavailableException>(() => renderer.RenderAsync(
            RepositoryPaths.CorpusPdf("rotation-page2-rotate90.pdf"), 1, 72, null, _directory.FullName, CancellationToken.None));

        Assert.Contains("/nonexistent/pdftoppm", error.Message);
    }
}
