using System.ComponentModel;
using Pipeline.Extraction.Ocr;

namespace Pipeline.Extraction.ReadingOrder;

/// <summary>
/// The text <c>pdftotext</c> (poppler) reads from each page in its default reading-order mode: the reference the
/// reading-order agreement is measured against. Poppler ends every page with a form feed.
/// </summary>
public static class PdftotextPages
{
    /// <returns>One string per page, page 1 first; null when pdftotext cannot read the file.</returns>
    /// <exception cref="InvalidOperationException">pdftotext is not installed (<c>./pipeline setup</c> installs poppler-utils).</exception>
    public static async Task<IReadOnlyList<string>?> ReadAsync(string file, CancellationToken cancellationToken)
    {
        CommandOutput output;
        try
        {
            output = await ExternalCommand.RunAsync("pdftotext", ["-q", "-enc", "UTF-8", file, "-"], new Dictionary<string, string>(), cancellationToken);
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("pdftotext is not installed; ./pipeline setup installs poppler-utils", ex);
        }
        if (output.ExitCode != 0)
        {
            return null;
        }
        var pages = output.StandardOutput.Split('\f');
        // The text after the last form feed is empty: it is not a page.
        return pages.Length > 1 ? pages[..^1] : pages;
    }
}
