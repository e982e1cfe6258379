using System.Diagnostics;

namespace Pipeline.Host.Tests.Monitoring;

/// <summary>Splits a real PDF into its odd and its even pages with poppler's pdfseparate/pdfunite: two documents as alike as documents get.</summary>
public static class HalvedPdf
{
    public static async Task WriteAsync(string pdf, int pages, string oddPath, string evenPath)
    {
        var work = Directory.CreateTempSubdirectory("pipeline-halves-").FullName;
        try
        {
            await RunAsync("pdfseparate", pdf, Path.Combine(work, "p-%d.pdf"));
            await RunAsync("pdfunite", [.. Enumerable.Range(1, pages).Where(p => p % 2 == 1).Select(p => Path.Combine(work, $"p-{p}.pdf")), oddPath]);
            await RunAsync("pdfunite", [.. Enumerable.Range(1, pages).Where(p => p % 2 == 0).Select(p => Path.Combine(work, $"p-{p}.pdf")), evenPath]);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        // Drained, not read: poppler reports this corpus file's malformed content streams on stderr at length.
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {await stderr}");
    }
}
