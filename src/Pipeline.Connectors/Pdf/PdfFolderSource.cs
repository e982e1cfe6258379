using System.IO.Enumeration;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Sources;
using Pipeline.Extraction.Ocr;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Connectors.Pdf;

/// <summary>
/// A folder of PDFs. Documents are named by their path relative to the folder (with '/'), versioned by the
/// SHA-256 of their bytes, so a copied or re-touched file with the same bytes is not re-read. The folder is a
/// boundary: a link whose real path leaves it, and anything that is not a regular file, is listed but never opened
/// (see <see cref="PdfFolderEntry"/>), and no read goes past <see cref="PdfFolderOptions.MaxFileBytes"/>.
/// </summary>
public sealed class PdfFolderSource : IDocumentSource, Core.Access.IUniformAccessSource
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

    public Core.Access.DocumentAccess Access => _options.Access;

    public async IAsyncEnumerable<DocumentReference> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A missing folder must fail the run: treating it as empty would delete every document of the source.
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"PDF folder '{_root}' does not exist or is not readable");
        }
        var realRoot = RealPath.Of(_root);
        var files = Enumerate()
            .Select(path => (Path: path, Id: Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(f => f.Id, StringComparer.Ordinal);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return await ReferenceAsync(file.Id, PdfFolderEntry.Classify(realRoot, file.Path), cancellationToken);
        }
    }

    /// <summary>
    /// Every entry matching the pattern that is not a directory, which includes links, FIFOs and sockets. Linked
    /// directories are not walked: their files are either outside the folder or listed already under their real path,
    /// and a link can make a loop.
    /// </summary>
    private FileSystemEnumerable<string> Enumerate() =>
        new(_root, (ref FileSystemEntry entry) => entry.ToFullPath(), new EnumerationOptions
        {
            RecurseSubdirectories = _options.Recursive,
            IgnoreInaccessible = false,
            AttributesToSkip = FileAttributes.Hidden,
        })
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) =>
                !entry.IsDirectory && FileSystemName.MatchesSimpleExpression(_options.Include, entry.FileName, ignoreCase: true),
            ShouldRecursePredicate = (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };

    public async Task<DocumentReference?> FindAsync(string externalId, CancellationToken cancellationToken)
    {
        var path = PathOf(externalId);
        if (path is null || (!File.Exists(path) && new FileInfo(path).LinkTarget is null))
        {
            return null;
        }
        return await ReferenceAsync(externalId, PdfFolderEntry.Classify(RealPath.Of(_root), path), cancellationToken);
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
        if (path is null || (!File.Exists(path) && new FileInfo(path).LinkTarget is null))
        {
            return LoadResult.Failed("missing", $"'{reference.ExternalId}' disappeared between listing and reading");
        }
        // Classified again: the entry may have been swapped for a link or a FIFO since it was listed.
        var entry = PdfFolderEntry.Classify(RealPath.Of(_root), path);
        if (entry.Skipped)
        {
            return LoadResult.Failed(entry.SkipReason!, entry.SkipMessage!);
        }
        var length = new FileInfo(entry.RealPath).Length;
        if (length > _options.MaxFileBytes)
        {
            return LoadResult.Failed("too-large", $"{length:N0} bytes is over the limit of {_options.MaxFileBytes:N0} bytes");
        }
        var read = await BoundedFile.ReadAsync(entry.RealPath, _options.MaxFileBytes, cancellationToken);
        if (read.Bytes is not { } bytes)
        {
            return LoadResult.Failed("too-large", $"it grew past the limit of {_options.MaxFileBytes:N0} bytes while it was read; reading stopped there");
        }
        var title = Path.GetFileNameWithoutExtension(path);
        // PdfPig is synchronous and CPU-bound; keep it off the caller's thread so progress and cancellation stay responsive.
        var result = await Task.Run(() => _extractor.ExtractAsync(bytes, reference.ExternalId, title: null, _options.Password, cancellationToken), cancellationToken);
        if (!result.Succeeded)
        {
            return LoadResult.Failed(result.Failure.Reason, result.Failure.Message);
        }
        var document = string.IsNullOrWhiteSpace(result.Document.Title) ? result.Document with { Title = title } : result.Document;
        return LoadResult.Loaded(document with { Access = _options.Access });
    }

    /// <summary>
    /// A skipped entry's reference carries its reason as the version, so it is never opened here; a regular file's
    /// version is the SHA-256 of its bytes, or, over the limit, its size and time (it is not read at all).
    /// </summary>
    private async Task<DocumentReference> ReferenceAsync(string externalId, PdfFolderEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Skipped)
        {
            return new DocumentReference(externalId, "skipped:" + entry.SkipReason, UpdatedAt: null);
        }
        var info = new FileInfo(entry.RealPath);
        var updatedAt = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
        if (info.Length > _options.MaxFileBytes)
        {
            return new DocumentReference(externalId, $"size:{info.Length}:{info.LastWriteTimeUtc.Ticks}", updatedAt, info.Length);
        }
        var hash = await BoundedFile.HashAsync(entry.RealPath, _options.MaxFileBytes, cancellationToken);
        // Grown past the limit since its size was taken: versioned like a file over the limit, and loading says why.
        var version = hash.Hash ?? $"size:{hash.BytesSeen}:{info.LastWriteTimeUtc.Ticks}";
        return new DocumentReference(externalId, version, updatedAt, hash.BytesSeen);
    }
}
