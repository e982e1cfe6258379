using System.Diagnostics;
using System.Net.Sockets;
using Pipeline.Core.Runs;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Ingestion;

/// <summary>
/// A PDF folder is a boundary: links out of it and files that are not files (FIFOs, sockets, devices) are
/// skipped with a reason, never read, and never hold up the sync.
/// </summary>
public sealed class FolderEscapeTests
{
    // Reading a FIFO with no writer, or /dev/zero, never ends; the limit turns such a hang into a failed test.
    private static readonly TimeSpan SyncLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_link_to_a_pdf_outside_the_folder_is_skipped_as_outside_root_and_a_linked_directory_is_not_walked()
    {
        using var folder = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        using var outside = Corpus.CopyToTemp("two-column-narrow-gutter-report-2p.pdf");
        File.CreateSymbolicLink(folder.File("borrowed.pdf"), outside.File("two-column-narrow-gutter-report-2p.pdf"));
        Directory.CreateSymbolicLink(folder.File("elsewhere"), outside.Path);
        await using var harness = await PipelineHarness.CreateAsync("escape_link");

        var summary = await SyncAsync(harness, folder.Path);

        Assert.Equal((2, 1, 1), (summary.Documents.Seen, summary.Documents.New, summary.Documents.Failed));
        Assert.Contains(summary.Failures, f => f.Document == "borrowed.pdf" && f.Reason == "outside-root");
        Assert.Equal(["rotation-page2-rotate90.pdf"], (await harness.ChunkIdsAsync()).Keys);
    }

    [Fact]
    public async Task A_fifo_and_a_socket_are_skipped_as_not_regular_files_without_hanging_the_sync()
    {
        using var folder = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        MakeFifo(folder.File("pipe.pdf"));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(folder.File("socket.pdf")));
        await using var harness = await PipelineHarness.CreateAsync("escape_fifo");

        var summary = await SyncAsync(harness, folder.Path);

        Assert.Equal((3, 1, 2), (summary.Documents.Seen, summary.Documents.New, summary.Documents.Failed));
        Assert.Contains(summary.Failures, f => f.Document == "pipe.pdf" && f.Reason == "not-a-regular-file");
        Assert.Contains(summary.Failures, f => f.Document == "socket.pdf" && f.Reason == "not-a-regular-file");
        Assert.Equal(["rotation-page2-rotate90.pdf"], (await harness.ChunkIdsAsync()).Keys);
    }

    [Fact]
    public async Task A_link_to_dev_zero_is_skipped_unread()
    {
        using var folder = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        File.CreateSymbolicLink(folder.File("zero.pdf"), "/dev/zero");
        await using var harness = await PipelineHarness.CreateAsync("escape_zero");

        var summary = await SyncAsync(harness, folder.Path);

        Assert.Equal((2, 1, 1), (summary.Documents.Seen, summary.Documents.New, summary.Documents.Failed));
        Assert.Contains(summary.Failures, f => f.Document == "zero.pdf" && f.Reason == "outside-root");
        Assert.Equal(["rotation-page2-rotate90.pdf"], (await harness.ChunkIdsAsync()).Keys);
    }

    private static async Task<RunSummary> SyncAsync(PipelineHarness harness, string folder)
    {
        using var cancel = new CancellationTokenSource(SyncLimit);
        // Task.Run: opening a FIFO blocks the calling thread itself, which a cancellation token cannot interrupt.
        return await Task.Run(() => harness.IngestFolderAsync(folder, cancel.Token)).WaitAsync(SyncLimit);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { path } })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
