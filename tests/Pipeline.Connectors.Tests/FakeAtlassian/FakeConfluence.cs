using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>
/// A fake Confluence Cloud site over real HTTP (REST v2 under <c>/wiki/api/v2</c>): spaces by key, a space's pages
/// cursor-paged with <c>_links.next</c> and a <c>Link</c> header, single pages with storage bodies, ancestors, and
/// pages by id. Tests add, edit, trash and purge pages between calls. Permissions (space read holders, read
/// restrictions, groups, users, pages closed with 403) are in <c>FakeConfluencePermissions.cs</c>.
/// </summary>
public sealed partial class FakeConfluence : FakeAtlassianServer
{
    private readonly ConcurrentDictionary<string, string> _spaces = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, FakeConfluencePage> _pages = new(StringComparer.Ordinal);
    private int _nextId = 200_000;

    private FakeConfluence()
    {
    }

    /// <summary>Largest list page the server gives, whatever <c>limit</c> asks.</summary>
    public int PageLimit { get; set; } = 250;

    /// <summary>When set, lists give the next page only in the <c>Link</c> header, not in <c>_links.next</c>.</summary>
    public bool NextLinkOnlyInHeader { get; set; }

    public IReadOnlyCollection<FakeConfluencePage> Pages => _pages.Values.ToList();

    public static async Task<FakeConfluence> StartAsync()
    {
        var confluence = new FakeConfluence();
        await confluence.StartServerAsync();
        return confluence;
    }

    /// <summary>A space anyone may read (anonymous access), as every test that does not care about access expects.</summary>
    public void AddSpace(string key, string id)
    {
        _spaces[key] = id;
        SetSpaceReaders(key, "public");
    }

    public string SpaceId(string key) => _spaces[key];

    public FakeConfluencePage Page(string id) => _pages[id];

    public FakeConfluencePage Upsert(FakeConfluencePage page)
    {
        _pages[page.Id] = page;
        return page;
    }

    /// <summary>Creates a page with a fresh id under <paramref name="parentId"/>.</summary>
    public FakeConfluencePage AddPage(string spaceKey, string title, string storage, string? parentId = null) =>
        Upsert(new FakeConfluencePage
        {
            Id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture),
            SpaceId = _spaces[spaceKey],
            Title = title,
            ParentId = parentId,
            ParentType = parentId is null ? null : _pages[parentId].Type,
            Storage = storage,
        });

    /// <summary>A folder: no page of its own (the page endpoints do not know it), but an ancestor with its own restrictions.</summary>
    public FakeConfluencePage AddFolder(string spaceKey, string title, string? parentId = null) =>
        Upsert(new FakeConfluencePage
        {
            Id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture),
            SpaceId = _spaces[spaceKey],
            Title = title,
            ParentId = parentId,
            ParentType = parentId is null ? null : _pages[parentId].Type,
            Type = "folder",
        });

    /// <summary>An edit: new body (when given), version + 1, version date now.</summary>
    public void Edit(string id, string? storage = null)
    {
        var page = _pages[id];
        page.Storage = storage ?? page.Storage;
        page.Version++;
        page.VersionCreatedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>Moved to the trash: still answers by id with status <c>trashed</c>, no longer listed.</summary>
    public void Trash(string id) => _pages[id].Status = "trashed";

    /// <summary>Purged: gone for good, 404 by id.</summary>
    public bool Purge(string id) => _pages.TryRemove(id, out _);

    /// <summary>A code macro as Confluence stores it; none of the storage fixtures has one.</summary>
    public const string CodeMacro =
        """<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[kubectl rollout restart deploy/api]]></ac:plain-text-body></ac:structured-macro>""";

    /// <summary>
    /// Space ENG: "Engineering" › "Runbooks" › "Deploy guide" (the md2conf storage fixture with headings, lists and
    /// an info macro, plus <see cref="CodeMacro"/>), a "Tables" page (the md2conf table fixture) and the real airbyte
    /// layout page; returns the deploy guide.
    /// </summary>
    public FakeConfluencePage SeedFromFixtures()
    {
        AddSpace("ENG", "65537");
        var root = AddPage("ENG", "Engineering", "<p>Home of the engineering space.</p>");
        var runbooks = AddPage("ENG", "Runbooks", "<p>How we run things.</p>", root.Id);
        var guide = AddPage("ENG", "Deploy guide", AtlassianFixtures.StorageBasic() + "\n<h2>Restart</h2>\n" + CodeMacro, runbooks.Id);
        AddPage("ENG", "Tables", AtlassianFixtures.StorageTables(), runbooks.Id);
        AddPage("ENG", "Airbyte home", AtlassianFixtures.StorageLayout(), root.Id);
        return guide;
    }

    protected override void Map(WebApplication app)
    {
        app.MapGet("/wiki/api/v2/spaces", (RequestDelegate)SpacesAsync);
        app.MapGet("/wiki/api/v2/spaces/{spaceId}/pages", (RequestDelegate)SpacePagesAsync);
        app.MapGet("/wiki/api/v2/pages", (RequestDelegate)PagesByIdAsync);
        app.MapGet("/wiki/api/v2/pages/{id}", (RequestDelegate)PageAsync);
        app.MapGet("/wiki/api/v2/pages/{id}/ancestors", (RequestDelegate)AncestorsAsync);
        MapPermissions(app);
    }

    private Task SpacesAsync(HttpContext context)
    {
        var keys = (context.Request.Query["keys"].FirstOrDefault() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var spaces = _spaces.Where(s => keys.Length == 0 || keys.Contains(s.Key, StringComparer.OrdinalIgnoreCase))
            .Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Value,
                ["key"] = s.Key,
                ["name"] = s.Key + " space",
                ["type"] = "global",
                ["status"] = "current",
            });
        return JsonAsync(context, new JsonObject { ["results"] = new JsonArray(spaces.ToArray()), ["_links"] = Links(null) });
    }

    private Task SpacePagesAsync(HttpContext context)
    {
        var spaceId = (string)context.Request.RouteValues["spaceId"]!;
        var status = context.Request.Query["status"].FirstOrDefault() ?? "current,archived";
        var statuses = status.Split(',');
        var matching = _pages.Values.Where(p => p.SpaceId == spaceId && statuses.Contains(p.Status) && IsListedPage(p))
            .OrderBy(p => long.Parse(p.Id, CultureInfo.InvariantCulture))
            .ToList();
        var offset = context.Request.Query["cursor"].FirstOrDefault() is { Length: > 0 } cursor ? Offset(cursor) : 0;
        var limit = Math.Min(IntQuery(context, "limit", 25), PageLimit);
        var page = matching.Skip(offset).Take(limit).Select(p => (JsonNode)p.ToJson(SpaceKey(p.SpaceId), withBody: false)).ToArray();
        string? next = null;
        if (offset + page.Length < matching.Count)
        {
            next = $"/wiki/api/v2/spaces/{spaceId}/pages?limit={limit}&status={Uri.EscapeDataString(status)}&cursor={Cursor(offset + page.Length)}";
            context.Response.Headers.Link = $"<{next}>; rel=\"next\", <{BaseUrl}wiki>; rel=\"base\"";
        }
        return JsonAsync(context, new JsonObject
        {
            ["results"] = new JsonArray(page),
            ["_links"] = Links(NextLinkOnlyInHeader ? null : next),
        });
    }

    private Task PagesByIdAsync(HttpContext context)
    {
        var ids = (context.Request.Query["id"].FirstOrDefault() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        // Default statuses as v2 documents them: current and archived.
        var statuses = (context.Request.Query["status"].FirstOrDefault() ?? "current,archived").Split(',');
        var pages = _pages.Values.Where(p => ids.Contains(p.Id) && statuses.Contains(p.Status) && IsListedPage(p))
            .Select(p => (JsonNode)p.ToJson(SpaceKey(p.SpaceId), withBody: false));
        return JsonAsync(context, new JsonObject { ["results"] = new JsonArray(pages.ToArray()), ["_links"] = Links(null) });
    }

    private Task PageAsync(HttpContext context)
    {
        if (!_pages.TryGetValue((string)context.Request.RouteValues["id"]!, out var page) || page.Type != "page")
        {
            return NotFound(context);
        }
        if (IsForbidden(page.Id))
        {
            return Forbidden(context);
        }
        var withBody = context.Request.Query["body-format"].FirstOrDefault() == "storage";
        return JsonAsync(context, page.ToJson(SpaceKey(page.SpaceId), withBody));
    }

    private Task AncestorsAsync(HttpContext context)
    {
        if (!_pages.TryGetValue((string)context.Request.RouteValues["id"]!, out var page) || page.Type != "page")
        {
            return NotFound(context);
        }
        if (IsForbidden(page.Id))
        {
            return Forbidden(context);
        }
        var chain = new List<JsonNode>();
        for (var parent = page.ParentId; parent is not null && _pages.TryGetValue(parent, out var ancestor); parent = ancestor.ParentId)
        {
            chain.Insert(0, new JsonObject { ["id"] = ancestor.Id, ["type"] = ancestor.Type });
        }
        return JsonAsync(context, new JsonObject { ["results"] = new JsonArray(chain.ToArray()), ["_links"] = Links(null) });
    }

    // What the space listing and pages-by-id return: pages the account may see (folders are not pages).
    private bool IsListedPage(FakeConfluencePage page) => page.Type == "page" && !IsForbidden(page.Id);

    private static Task NotFound(HttpContext context) =>
        JsonAsync(context, new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject { ["status"] = 404, ["code"] = "NOT_FOUND", ["title"] = "Not Found", ["detail"] = null }),
        }, StatusCodes.Status404NotFound);

    private JsonObject Links(string? next)
    {
        var links = new JsonObject { ["base"] = BaseUrl + "wiki" };
        if (next is not null)
        {
            links["next"] = next;
        }
        return links;
    }

    private string SpaceKey(string spaceId) => _spaces.FirstOrDefault(s => s.Value == spaceId).Key ?? "UNKNOWN";

    // Opaque to the client, as Confluence's are.
    private static string Cursor(int offset) => "c" + offset.ToString("x8", CultureInfo.InvariantCulture);

    private static int Offset(string cursor) => int.Parse(cursor[1..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
