namespace Pipeline.Extraction.Tests;

/// <summary>
/// Finds the checkout and the shared PDF corpus by walking up from the test binaries, so the tests run the
/// same from an IDE, from dotnet test and from CI regardless of the working directory.
/// </summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RepositoryRoot = new(() => FindUp(dir => File.Exists(Path.Combine(dir, "Pipeline.sln")), "Pipeline.sln"));

    // The corpus is shared between checkouts and lives next to the repository (../shared from the root).
    private static readonly Lazy<string> CorpusRoot = new(() => Path.Combine(
        FindUp(dir => Directory.Exists(Path.Combine(dir, "shared", "corpus", "pdf")), "shared/corpus/pdf"),
        "shared", "corpus", "pdf"));

    public static string Root => RepositoryRoot.Value;

    public static string CorpusPdf(string fileName)
    {
        var path = Path.Combine(CorpusRoot.Value, fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Corpus file missing: {path}", path);
    }

    private static string FindUp(Func<string, bool> isMatch, string lookingFor)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (isMatch(dir.FullName))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} contains {lookingFor}.");
    }
}
