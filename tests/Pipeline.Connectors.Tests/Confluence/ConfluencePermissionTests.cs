using System.Diagnostics;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Core.Access;
using Pipeline.Core.Sources;
using Xunit.Abstractions;

namespace Pipeline.Connectors.Tests.Confluence;

public sealed class ConfluencePermissionTests(ITestOutputHelper output)
{
    private const string Alice = "5b10a2844c20165700ede21a";
    private const string Bob = "5b10a2844c20165700ede21b";
    private const string Carol = "5b10a2844c20165700ede21c";
    private const string Staff = "a1b2c3d4-0000-4000-8000-00000000staf";
    private const string Finance = "a1b2c3d4-0000-4000-8000-00000000finc";

    /// <summary>ENG readable by staff (Alice, Bob); Finance (Alice, Carol) restricts "Finance" › "Budgets" › "2025 plan" from the top.</summary>
    private static (FakeConfluencePage Top, FakeConfluencePage Plan, FakeConfluencePage Open) SeedRestrictedTree(FakeConfluence confluence)
    {
        confluence.AddSpace("ENG", "65537");
        confluence.SetSpaceReaders("ENG", Principal.Group(Staff));
        confluence.AddGroup(Staff, "staff", Alice, Bob);
        confluence.AddGroup(Finance, "finance", Alice, Carol);
        var top = confluence.AddPage("ENG", "Finance", "<p>Money.</p>");
        var budgets = confluence.AddPage("ENG", "Budgets", "<p>Budgets.</p>", top.Id);
        var plan = confluence.AddPage("ENG", "2025 plan", "<p>The plan.</p>", budgets.Id);
        var open = confluence.AddPage("ENG", "Handbook", "<p>For everyone on staff.</p>");
        confluence.RestrictRead(top.Id, groups: [Finance]);
        // Editing is limited to Carol: that must not narrow who reads.
        confluence.RestrictEdit(plan.Id, users: [Carol]);
        return (top, plan, open);
    }

    private static HashSet<string> Caller(string accountId, params string[] groups) =>
        [Principal.User(accountId), .. groups.Select(Principal.Group), Principal.AllUsers, .. Principal.Anonymous];

    [Fact]
    public async Task A_page_restricted_through_its_grandparent_admits_only_space_readers_in_the_restricting_group()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        var (_, plan, open) = SeedRestrictedTree(confluence);
        var source = TestSources.Confluence(confluence);

        var loaded = (await source.LoadAsync(new DocumentReference(plan.Id, "1", null), CancellationToken.None)).Document!;
        var synced = await source.ReadAccessAsync([plan.Id, open.Id], CancellationToken.None);

        var access = loaded.Access!;
        Assert.Equal(2, access.Clauses.Count);
        Assert.True(access.Allows(Caller(Alice, Staff, Finance)));
        Assert.False(access.Allows(Caller(Bob, Staff)));
        // In the restricting group but not a reader of the space.
        Assert.False(access.Allows(Caller(Carol, Finance)));
        Assert.Equal(AccessState.Granted, synced[plan.Id].State);
        Assert.Equal(access, synced[plan.Id].Access);
        Assert.Equal(DocumentAccess.AnyOf([Principal.Group(Staff)]), synced[open.Id].Access);
        Assert.True(synced[open.Id].Access!.Allows(Caller(Bob, Staff)));
    }

    [Fact]
    public async Task Removing_the_restriction_drops_its_clause_on_the_next_permission_sync()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        var (top, plan, _) = SeedRestrictedTree(confluence);
        var source = TestSources.Confluence(confluence);

        var before = (await source.ReadAccessAsync([plan.Id], CancellationToken.None))[plan.Id].Access!;
        confluence.ClearRestrictions(top.Id);
        var after = (await source.ReadAccessAsync([plan.Id], CancellationToken.None))[plan.Id].Access!;

        Assert.Equal(2, before.Clauses.Count);
        Assert.Equal(DocumentAccess.AnyOf([Principal.Group(Staff)]), after);
        Assert.True(after.Allows(Caller(Bob, Staff)));
    }

    [Fact]
    public async Task Space_read_holders_map_to_users_groups_public_and_all_users_and_other_operations_are_ignored()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        confluence.AddSpace("ENG", "65537");
        confluence.SetSpaceReaders("ENG", Principal.User(Alice), Principal.Group(Staff), "public", "all-users");
        // A role that may only create pages grants no read: it must not refuse the page either.
        confluence.AddSpacePermission("ENG", "role", "8d8b4c1e-role", operationKey: "create", targetType: "page");
        var page = confluence.AddPage("ENG", "Home", "<p>Hi</p>");
        var source = TestSources.Confluence(confluence);

        var access = (await source.ReadAccessAsync([page.Id], CancellationToken.None))[page.Id].Access!;

        Assert.Equal(
            DocumentAccess.AnyOf([Principal.User(Alice), Principal.Group(Staff), Principal.Public, Principal.AllUsers]),
            access);
    }

    [Fact]
    public async Task A_space_granting_read_to_a_principal_type_it_cannot_map_refuses_its_pages_as_access_unknown()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        confluence.AddSpace("ENG", "65537");
        confluence.AddSpacePermission("ENG", "role", "8d8b4c1e-role");
        var page = confluence.AddPage("ENG", "Home", "<p>Hi</p>");
        var source = TestSources.Confluence(confluence);

        var loaded = await source.LoadAsync(new DocumentReference(page.Id, "1", null), CancellationToken.None);
        var synced = (await source.ReadAccessAsync([page.Id], CancellationToken.None))[page.Id];

        Assert.Null(loaded.Document);
        Assert.Equal(AccessUnknownException.Reason, loaded.FailureReason);
        Assert.Contains("role:8d8b4c1e-role", loaded.FailureMessage);
        Assert.Equal(AccessState.Unknown, synced.State);
        Assert.Null(synced.Access);
        Assert.Contains("role:8d8b4c1e-role", synced.Message);
    }

    [Fact]
    public async Task A_page_closed_to_the_account_is_lost_and_one_purged_trashed_or_moved_away_is_gone()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        var (top, plan, open) = SeedRestrictedTree(confluence);
        confluence.AddSpace("HR", "98304");
        var closed = confluence.AddPage("ENG", "Salaries", "<p>secret</p>");
        var purged = confluence.AddPage("ENG", "Scratch", "<p>tmp</p>");
        var trashed = confluence.AddPage("ENG", "Old", "<p>old</p>");
        var elsewhere = confluence.AddPage("HR", "Holidays", "<p>Days off</p>");
        confluence.Forbid(closed.Id);
        confluence.Purge(purged.Id);
        confluence.Trash(trashed.Id);
        var source = TestSources.Confluence(confluence);

        var synced = await source.ReadAccessAsync([closed.Id, purged.Id, trashed.Id, elsewhere.Id, open.Id, "../spaces"], CancellationToken.None);
        await Assert.ThrowsAsync<AccessLostException>(() => source.FindAsync(closed.Id, CancellationToken.None));
        await Assert.ThrowsAsync<AccessLostException>(() => source.LoadAsync(new DocumentReference(closed.Id, "1", null), CancellationToken.None));
        // An ancestor closed to the account: its children can no longer be vouched for.
        confluence.Forbid(top.Id);
        var underClosed = (await source.ReadAccessAsync([plan.Id], CancellationToken.None))[plan.Id];

        Assert.Equal(AccessState.Lost, synced[closed.Id].State);
        Assert.Contains("403", synced[closed.Id].Message);
        Assert.Equal(AccessState.Gone, synced[purged.Id].State);
        Assert.Equal(AccessState.Gone, synced[trashed.Id].State);
        Assert.Equal(AccessState.Gone, synced[elsewhere.Id].State);
        Assert.Equal(AccessState.Gone, synced["../spaces"].State);
        Assert.Equal(AccessState.Granted, synced[open.Id].State);
        Assert.Equal(AccessState.Lost, underClosed.State);
        // Access is read without bodies.
        Assert.DoesNotContain(confluence.Requests, r => r.Query.Contains("body-format", StringComparison.Ordinal) && r.Path != $"/wiki/api/v2/pages/{closed.Id}");
    }

    [Fact]
    public async Task A_restricted_folder_above_a_page_narrows_it_through_the_ancestors_endpoint()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        confluence.AddSpace("ENG", "65537");
        confluence.AddGroup(Finance, "finance", Alice, Carol);
        var home = confluence.AddPage("ENG", "Home", "<p>Home</p>");
        var folder = confluence.AddFolder("ENG", "Private", home.Id);
        var page = confluence.AddPage("ENG", "Inside", "<p>in a folder</p>", folder.Id);
        confluence.RestrictRead(folder.Id, users: [Bob], groups: [Finance]);
        var source = TestSources.Confluence(confluence);

        var synced = (await source.ReadAccessAsync([page.Id, home.Id], CancellationToken.None));
        var loaded = (await source.LoadAsync(new DocumentReference(page.Id, "1", null), CancellationToken.None)).Document!;

        var expected = DocumentAccess.AnyOf([Principal.Public]).And([Principal.User(Bob), Principal.Group(Finance)]);
        Assert.Equal(expected, synced[page.Id].Access);
        Assert.Equal(expected, loaded.Access);
        Assert.Equal(DocumentAccess.AnyOf([Principal.Public]), synced[home.Id].Access);
        // Only the folder's page asked for its ancestors during the sync; the load asks once more for its titles.
        Assert.Equal(2, confluence.RequestCount($"/wiki/api/v2/pages/{page.Id}/ancestors"));
        Assert.Equal(["Home", "Inside"], loaded.Blocks.Take(2).Select(b => b.Text));
    }

    [Fact]
    public async Task A_read_restriction_longer_than_a_page_is_read_to_its_end()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        confluence.V1PageLimit = 2;
        confluence.AddSpace("ENG", "65537");
        var page = confluence.AddPage("ENG", "Board", "<p>minutes</p>");
        string[] users = [Alice, Bob, Carol, "acc-4", "acc-5"];
        confluence.RestrictRead(page.Id, users: users, groups: [Finance]);
        var source = TestSources.Confluence(confluence);

        var access = (await source.ReadAccessAsync([page.Id], CancellationToken.None))[page.Id].Access!;

        Assert.Equal(DocumentAccess.AnyOf([Principal.Public]).And([.. users.Select(Principal.User), Principal.Group(Finance)]), access);
        Assert.Equal(3, confluence.RequestCount($"/wiki/rest/api/content/{page.Id}/restriction/byOperation/read"));
    }

    [Fact]
    public async Task The_directory_lists_group_members_page_by_page_and_the_email_addresses_profiles_show()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        confluence.V1PageLimit = 2;
        confluence.AddUser(Alice, "Alice", "Alice@Example.com");
        confluence.AddUser(Bob, "Bob", "bob@example.com", emailVisible: false);
        confluence.AddUser(Carol, "Carol", "CAROL@example.com");
        confluence.AddGroup(Staff, "staff", Alice, Bob, "acc-3", "acc-4", "acc-5");
        var source = TestSources.Confluence(confluence);

        var directory = await source.ReadDirectoryAsync(
            [Principal.Group(Staff), Principal.User(Carol), Principal.User("dave@example.com"), Principal.Group("no-such-group"), Principal.Public],
            CancellationToken.None);

        Assert.Equal(
            new[] { Alice, Bob, "acc-3", "acc-4", "acc-5" }.Select(a => (Principal.Group(Staff), Principal.User(a))).Order(),
            directory.Memberships.Order());
        Assert.Equal(
            new[] { (Principal.User(Alice), "alice@example.com"), (Principal.User(Carol), "carol@example.com") },
            directory.Emails);
        Assert.Equal(3, confluence.RequestCount($"/wiki/rest/api/group/{Staff}/membersByGroupId"));
        // Carol was not a member: looked up once; members are not looked up again.
        var lookup = Assert.Single(confluence.Requests, r => r.Path == "/wiki/rest/api/user/bulk");
        Assert.Contains(Carol, lookup.Query);
        Assert.DoesNotContain(Bob, lookup.Query);
    }

    [Fact]
    public async Task Reading_access_of_a_thousand_pages_costs_about_one_request_per_page()
    {
        await using var confluence = await FakeConfluence.StartAsync();
        confluence.AddSpace("ENG", "65537");
        confluence.SetSpaceReaders("ENG", Principal.Group(Staff), "all-users");
        // Three levels: 10 sections › 9 chapters each › 10 pages each = 1,000 pages; some restricted at every level.
        var pages = new List<FakeConfluencePage>();
        for (var s = 0; s < 10; s++)
        {
            var section = confluence.AddPage("ENG", $"Section {s}", "<p>s</p>");
            pages.Add(section);
            if (s % 4 == 0)
            {
                confluence.RestrictRead(section.Id, groups: [Finance]);
            }
            for (var c = 0; c < 9; c++)
            {
                var chapter = confluence.AddPage("ENG", $"Chapter {s}.{c}", "<p>c</p>", section.Id);
                pages.Add(chapter);
                if (c == 3)
                {
                    confluence.RestrictRead(chapter.Id, users: [Alice]);
                }
                for (var p = 0; p < 10; p++)
                {
                    var leaf = confluence.AddPage("ENG", $"Page {s}.{c}.{p}", "<p>p</p>", chapter.Id);
                    pages.Add(leaf);
                    if (p == 7)
                    {
                        confluence.RestrictRead(leaf.Id, users: [Bob], groups: [Staff]);
                    }
                }
            }
        }
        var ids = pages.Select(p => p.Id).ToList();
        var leaves = ids.Where((_, i) => pages[i].Title.StartsWith("Page ", StringComparison.Ordinal)).ToList();

        var all = await Measure(confluence, ids, "all 1,000 pages");
        var leavesOnly = await Measure(confluence, leaves, "the 900 leaf pages only (their 100 ancestors not asked for)");

        Assert.Equal(1_000, all.Count);
        Assert.All(all.Values, a => Assert.Equal(AccessState.Granted, a.State));
        // Section 0 › chapter 0.3 › page 0.3.7: restricted at all three levels.
        var deepest = pages.Single(p => p.Title == "Page 0.3.7").Id;
        Assert.Equal(4, all[deepest].Access!.Clauses.Count);
        Assert.Equal(all[deepest].Access, leavesOnly[deepest].Access);
        Assert.Single(all[pages.Single(p => p.Title == "Page 1.1.1").Id].Access!.Clauses);
    }

    private async Task<IReadOnlyDictionary<string, AccessLookup>> Measure(FakeConfluence confluence, IReadOnlyList<string> ids, string what)
    {
        // A fresh source, as a permission sync would have: nothing known, spaces resolved within the call.
        var source = TestSources.Confluence(confluence);
        confluence.ClearRequests();
        var clock = Stopwatch.StartNew();
        var access = await source.ReadAccessAsync(ids, CancellationToken.None);
        clock.Stop();

        var requests = source.Requests.Requests;
        var byEndpoint = confluence.RequestsByEndpoint();
        output.WriteLine($"{what}: {requests} requests in {clock.Elapsed.TotalSeconds:0.00} s (fake site on loopback, 4 in flight)");
        foreach (var (endpoint, count) in byEndpoint.OrderByDescending(e => e.Value))
        {
            output.WriteLine($"  {count,5}  {endpoint}");
        }
        // One restriction per distinct page or ancestor, pages and parents 250 to a request, one space permission
        // listing, one space lookup; no per-page page or ancestors requests.
        Assert.InRange(requests, 1, 1_000 + 10);
        Assert.Equal(1_000, byEndpoint["/wiki/rest/api/content/{id}/restriction/byOperation/read"]);
        Assert.False(byEndpoint.ContainsKey("/wiki/api/v2/pages/{id}/ancestors"));
        Assert.False(byEndpoint.ContainsKey("/wiki/api/v2/pages/{id}"));
        Assert.Equal(1, byEndpoint["/wiki/api/v2/spaces/{id}/permissions"]);
        return access;
    }
}
