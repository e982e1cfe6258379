namespace Pipeline.Host.Tests.Infrastructure;

/// <summary>Real Jira/Confluence payloads in ../shared/fixtures/atlassian (see its SOURCES.md).</summary>
public static class AtlassianFixtures
{
    public static string Folder { get; } = Find();

    public static string Path(string relative) => System.IO.Path.Combine(Folder, relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "fixtures", "atlassian");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("the shared Atlassian fixtures (../shared/fixtures/atlassian) were not found above " + AppContext.BaseDirectory);
    }
}
