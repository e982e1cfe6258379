using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pipeline.Extraction.Ocr;

/// <summary>
/// OCR with the <c>tesseract</c> command from Debian's tesseract-ocr, one process per page. Page segmentation
/// mode 1 runs orientation and script detection first, so scans rotated by 90, 180 or 270 degrees are read
/// upright; it needs the <c>osd</c> data (tesseract-ocr-osd), which is checked with the languages.
/// </summary>
public sealed partial class TesseractCliEngine : IOcrEngine
{
    private const string OrientationData = "osd";
    private static readonly TimeSpan LanguageCheckTimeout = TimeSpan.FromSeconds(30);

    // Parallelism comes from OCR'ing several pages at once. Tesseract's own OpenMP threads do not help even
    // alone: on 2 cores one Linn brochure page took 14.7 s with them and 3.2 s with a single thread.
    private static readonly Dictionary<string, string> Environment = new() { ["OMP_THREAD_LIMIT"] = "1", ["LC_ALL"] = "C" };

    private readonly OcrOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task? _languageCheck;

    public TesseractCliEngine(OcrOptions options, ILogger<TesseractCliEngine>? logger = null)
    {
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger<TesseractCliEngine>.Instance;
    }

    public async Task<OcrPageResult> RecognizeAsync(string imagePath, int dpi, CancellationToken cancellationToken)
    {
        await EnsureLanguagesAsync().WaitAsync(cancellationToken);

        string[] arguments =
        [
            imagePath, "stdout",
            "-l", _options.Languages,
            "--psm", "1",
            "--dpi", dpi.ToString(CultureInfo.InvariantCulture),
            "tsv",
        ];
        var output = await RunAsync(arguments, cancellationToken);
        if (output.ExitCode != 0)
        {
            throw new OcrFailedException($"tesseract exited with code {output.ExitCode}: {output.ErrorSummary}");
        }
        return TesseractTsv.Parse(output.StandardOutput);
    }

    /// <summary>
    /// Checks once that every configured language (and the orientation data) is installed, so a missing pack
    /// is reported by name instead of as a failure on every page. A failed check is repeated on the next call:
    /// the pack may have been installed since.
    /// </summary>
    private Task EnsureLanguagesAsync()
    {
        lock (_gate)
        {
            if (_languageCheck is null || _languageCheck.IsFaulted || _languageCheck.IsCanceled)
            {
                _languageCheck = CheckLanguagesAsync();
            }
            return _languageCheck;
        }
    }

    private async Task CheckLanguagesAsync()
    {
        // Not the caller's token: a page timeout must not leave a half-done check behind for the next page.
        using var timeout = new CancellationTokenSource(LanguageCheckTimeout);
        CommandOutput output;
        try
        {
            output = await RunAsync(["--list-langs"], timeout.Token);
        }
        catch (OperationCanceledException ex)
        {
            throw new OcrEngineUnavailableException($"'{_options.TesseractPath} --list-langs' did not answer within {LanguageCheckTimeout.TotalSeconds:0} s", ex);
        }

        // "List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (2):" then one code a line.
        var installed = output.StandardOutput.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith("List of", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var missing = _options.LanguageCodes.Append(OrientationData).Distinct().Where(code => !installed.Contains(code)).ToList();
        if (output.ExitCode != 0 || missing.Count > 0)
        {
            var packages = string.Join(' ', missing.Select(PackageOf));
            throw new OcrEngineUnavailableException(
                $"Tesseract language data missing: {string.Join(", ", missing)}; install {packages} " +
                $"(installed: {(installed.Count > 0 ? string.Join(", ", installed.Order()) : "none")}).");
        }
        LogLanguages(string.Join(", ", installed.Order()));
    }

    private async Task<CommandOutput> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await ExternalCommand.RunAsync(_options.TesseractPath, arguments, Environment, cancellationToken);
        }
        catch (Win32Exception ex)
        {
            throw new OcrEngineUnavailableException(
                $"'{_options.TesseractPath}' could not be started ({ex.Message}); install tesseract-ocr (scripts/setup.sh does).", ex);
        }
    }

    /// <summary>Debian names the package after the code with '_' as '-': chi_sim → tesseract-ocr-chi-sim.</summary>
    private static string PackageOf(string code) => $"tesseract-ocr-{code.Replace('_', '-')}";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tesseract languages installed: {Languages}")]
    private partial void LogLanguages(string languages);
}
