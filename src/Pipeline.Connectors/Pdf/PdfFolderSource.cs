using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Hashing;
using Pipeline.Core.Sources;
using Pipeline.Extraction.Ocr;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Connectors.Pdf;

/// <summary>
/// A folder of PDFs. Documents are named by their path relative to the folder (with '/'), versioned by the
/// SHA-256 of their bytes, so a copied or re-touched file with the same bytes is not re-read.
/// </summary>
public sealed class PdfFolderSource : IDocumentSource
{
    private readonly PdfFolderOptions _options;
    private readonly string _root;
    private readonly PdfTextExtractor _extractor;

    /// <param name="loggerFactory">Where extraction and OCR log (pages skipped, OCR failures); none means they are not logged.</param>
    public PdfFolderSource(string key, PdfFolderOptions options, ILoggerFactory? loggerFactory = null)
    {
        options.Validate();
        Key = key;
        _options = options;
        _root = Path.GetFullPath(options.Folder);
        var engine = options.Ocr.Enabled ? new TesseractCliEngine(options.Ocr, loggerFactory?.CreateLogger<TesseractCliEngine>()) : null;
        _extractor = new PdfTextExtractor(options.Ocr, engine, loggerFactory?.CreateLogger<PdfTextExtractor>(), options.Limits);
    }

    public string Key { get; }

    public async IAsyncEnumerable<DocumentReference> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A missing folder must fail the run: treating it as empty would delete every document of the source.
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"PDF folder '{_root}' does not exist or is not readable");
        }
        var files = Directory.EnumerateFiles(_root, _options.Include, new EnumerationOptions
            {
                RecurseSubdirectories = _options.Recursive,
                MatchCasing = MatchCasing.CaseInsensitive,
                IgnoreInaccessible = false,
                AttributesToSkip = FileAttributes.Hidden,
            })
            .Select(path => (Path: path, Id: Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(f => f.Id, StringComparer.Ordinal);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(file.Path);
            var version = await VersionAsync(info, cancellationToken);
            yield return new DocumentReference(file.Id, version, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero), info.Length);
        }
    }

    public async Task<DocumentReference?> FindAsync(string externalId, CancellationToken cancellationToken)
    {
        var path = PathOf(externalId);
        if (path is null || !File.Exists(path))
        {
            return null;
        }
        var info = new FileInfo(path);
        var version = await VersionAsync(info, cancellationToken);
        return new DocumentReference(externalId, version, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero), info.Length);
    }

    /// <summary>The file of an id, or null for an id that would point outside the folder (<c>../</c>).</summary>
    private string? PathOf(string externalId)
    {
        var path = Path.GetFullPath(Path.Combine(_root, externalId.Replace('/', Path.DirectorySeparatorChar)));
        return path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path : null;
    }

    public async Task<LoadResult> LoadAsync(DocumentReference reference, CancellationToken cancellationToken)
    {
        var path = PathOf(reference.ExternalId);
        var info = path is null ? null : new FileInfo(path);
        if (path is null || info is null || !info.Exists)
        {
            return LoadResult.Failed("missing", $"'{reference.ExternalId}' disappeared between listing and reading");
        }
        if (info.Length > _options.MaxFileBytes)
        {
            return LoadResult.Failed("too-large", $"{info.Length:N0} bytes is over the limit of {_options.MaxFileBytes:N0} bytes");
        }
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var title = Path.GetFileNameWithoutExtension(path);
        // PdfPig is synchronous and CPU-bound; keep it off the caller's thread so progress and cancellation stay responsive.
        var result = await Task.Run(() => _extractor.ExtractAsync(bytes, reference.ExternalId, title: null, _options.Password, cancellationToken), cancellationToken);
        if (!result.Succeeded)
        {
            return LoadResult.Failed(result.Failure.Reason, result.Failure.Message);
        }
        var document = string.IsNullOrWhiteSpace(result.Document.Title) ? result.Document with { Title = title } : result.Document;
        return LoadResult.Loaded(document);
    }

    /// <summary>The SHA-256 of the bytes; a file over the limit is not read at all, its size and time stand in.</summary>
    private async Task<string> VersionAsync(FileInfo info, CancellationToken cancellationToken) =>
        info.Length > _options.MaxFileBytes ? $"size:{info.Length}:{info.LastWriteTimeUtc.Ticks}" : await HashAsync(info.FullName, cancellationToken);

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return await ContentHash.OfStreamAsync(stream, cancellationToken);
    }
}
