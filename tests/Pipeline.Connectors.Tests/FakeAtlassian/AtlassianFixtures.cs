using System.Text.Json.Nodes;

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>The real Atlassian payloads in <c>shared/fixtures/atlassian</c>, found by walking up from the test binaries.</summary>
public static class AtlassianFixtures
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Folder => Root.Value;

    public static string Path(string relative) => System.IO.Path.Combine(Folder, relative);

    public static string Text(string relative) => File.ReadAllText(Path(relative));

    public static JsonNode Json(string relative) =>
        JsonNode.Parse(Text(relative)) ?? throw new InvalidDataException($"fixture {relative} is empty");

    /// <summary>The ADF document with headings, lists, a table, code and a mention (Jira CLI's test data).</summary>
    public static JsonNode AdfDescription() => Json("jira/adf/adf-doc-headings-lists-table-code-mention.jira-cli.json");

    /// <summary>The two real REST v3 comments (ADF bodies, <c>-0700</c> offsets) from airbyte's Jira connector.</summary>
    public static JsonArray Comments() => Json("jira/rest/issue-comments.v3-adf.airbyte.json")["comments"]!.AsArray();

    public static string StorageBasic() => Text("confluence/storage/storage-basic-headings-lists-macros.md2conf.xml");

    public static string StorageTables() => Text("confluence/storage/storage-tables.md2conf.xml");

    public static string StorageLayout() => Text("confluence/storage/page-98487-layout-macros-placeholders.airbyte.storage.xml");

    private static string Locate()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = System.IO.Path.Combine(folder.FullName, "shared", "fixtures", "atlassian");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"shared/fixtures/atlassian not found above {AppContext.BaseDirectory}");
    }
}
