using System.Text.Json;

namespace Pipeline.Extraction.Tests.Atlassian;

/// <summary>
/// The captured Jira and Confluence payloads, shared between checkouts next to the repository
/// (<c>../shared/fixtures/atlassian</c>), found by walking up from the test binaries.
/// </summary>
internal static class AtlassianFixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Path(string relativePath)
    {
        var path = System.IO.Path.Combine(Root.Value, relativePath);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Atlassian fixture missing: {path}", path);
    }

    public static string Text(string relativePath) => File.ReadAllText(Path(relativePath));

    public static JsonDocument Json(string relativePath) => JsonDocument.Parse(File.ReadAllBytes(Path(relativePath)));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "fixtures", "atlassian");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} contains shared/fixtures/atlassian.");
    }
}
