using System.Text.Json;
using Pipeline.Connectors.Atlassian;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Core.Access;
using Pipeline.Core.Documents;
using Pipeline.Core.Sources;
using Xunit.Abstractions;

namespace Pipeline.Connectors.Tests.Jira;

public sealed class JiraPermissionTests(ITestOutputHelper output)
{
    private const string EngineeringId = "5f1c7a52-2b0e-4d5e-9a3c-0c8e1d2f4a10";
    private const string ContractorsId = "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d";
    private const string SecurityTeamId = "7d3e2c1b-0a9f-4e8d-b7c6-5a4f3e2d1c0b";
    private const string DevelopersId = "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f";

    private static DocumentReference Reference(string key) => new(key, "v", null);

    [Fact]
    public async Task An_issue_under_a_security_level_is_readable_by_project_members_inside_the_level_and_not_by_those_outside_it()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        jira.GrantBrowse("FIX", FakeJiraHolder.Group("engineering", EngineeringId), FakeJiraHolder.ProjectRole("10001"));
        jira.AddRoleActors("FIX", "10001", FakeJiraRoleActor.User("acc-dev"), FakeJiraRoleActor.Group("contractors", ContractorsId));
        jira.AddSecurityLevel("FIX", "10100", "Internal", FakeJiraHolder.User("acc-alice"), FakeJiraHolder.Group("security-team", SecurityTeamId));
        jira.SetSecurityLevel("FIX-1", "10100");
        var source = TestSources.Jira(jira);

        var secured = (await source.LoadAsync(Reference("FIX-1"), CancellationToken.None)).Document!.Access!;
        var open = (await source.LoadAsync(Reference("FIX-2"), CancellationToken.None)).Document!.Access!;

        var browsers = new[] { Principal.Group(EngineeringId), Principal.Group(ContractorsId), Principal.User("acc-dev") };
        Assert.Equal(DocumentAccess.AnyOf(browsers).And([Principal.User("acc-alice"), Principal.Group(SecurityTeamId)]), secured);
        Assert.Equal(DocumentAccess.AnyOf(browsers), open);
        // Alice and Bob are both project members (engineering); only Alice is in the level.
        Assert.True(secured.Allows(new HashSet<string> { Principal.User("acc-alice"), Principal.Group(EngineeringId) }));
        Assert.False(secured.Allows(new HashSet<string> { Principal.User("acc-bob"), Principal.Group(EngineeringId) }));
        Assert.True(open.Allows(new HashSet<string> { Principal.User("acc-bob"), Principal.Group(EngineeringId) }));
        // The level's members alone do not make a project member: both clauses must hold.
        Assert.False(secured.Allows(new HashSet<string> { Principal.User("acc-alice") }));
        // The issue is read with the fields its access depends on.
        Assert.All(jira.Requests.Where(r => r.Path.StartsWith("/rest/api/3/issue/", StringComparison.Ordinal)),
            r => Assert.Contains("security,reporter,assignee", r.Query));
        // Two issues of one project in one run: its scheme, grants and role are read once.
        Assert.Equal(1, jira.RequestsTo("/rest/api/3/project/FIX/permissionscheme"));
        Assert.Equal(1, jira.RequestsTo("/rest/api/3/permissionscheme/"));
        Assert.Equal(1, jira.RequestsTo("/rest/api/3/project/FIX/role/10001"));

        var lookups = await source.ReadAccessAsync(["FIX-1", "FIX-2"], CancellationToken.None);

        Assert.Equal(AccessLookup.Granted(secured), lookups["FIX-1"]);
        Assert.Equal(AccessLookup.Granted(open), lookups["FIX-2"]);
        var bulk = JsonDocument.Parse(jira.Requests.Single(r => r.Path == "/rest/api/3/issue/bulkfetch").Body).RootElement;
        Assert.Equal(["project", "security", "reporter", "assignee"], bulk.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Project_roles_resolve_to_their_actors_the_issues_people_and_lead_are_named_and_anyone_and_application_access_become_public_and_all_users()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        jira.SeedFromFixtures(1, project: "PUB");
        jira.SeedFromFixtures(1, project: "APP");
        jira.GrantBrowse("FIX",
            FakeJiraHolder.ProjectRole("10002"), FakeJiraHolder.Reporter, FakeJiraHolder.Assignee, FakeJiraHolder.ProjectLead,
            FakeJiraHolder.User("acc-direct"), FakeJiraHolder.Group("legacy-name", null));
        jira.AddRoleActors("FIX", "10002", FakeJiraRoleActor.User("acc-dev"), FakeJiraRoleActor.Group("developers", DevelopersId));
        jira.SetProjectLead("FIX", "acc-lead");
        jira.Issue("FIX-1").ReporterAccountId = "acc-rep";
        jira.Issue("FIX-2").AssigneeAccountId = "acc-asg";
        jira.GrantBrowse("APP", FakeJiraHolder.ApplicationRole("jira-software"));
        var source = TestSources.Jira(jira);

        var lookups = await source.ReadAccessAsync(["FIX-1", "FIX-2", "PUB-1", "APP-1"], CancellationToken.None);
        var loaded = (await source.LoadAsync(Reference("FIX-1"), CancellationToken.None)).Document!.Access;

        string[] shared = [Principal.Group(DevelopersId), Principal.User("acc-dev"), Principal.User("acc-lead"), Principal.User("acc-direct"), Principal.Group("legacy-name")];
        // No assignee on FIX-1 and no reporter on FIX-2: those grants name nobody there.
        Assert.Equal(AccessLookup.Granted(DocumentAccess.AnyOf([.. shared, Principal.User("acc-rep")])), lookups["FIX-1"]);
        Assert.Equal(AccessLookup.Granted(DocumentAccess.AnyOf([.. shared, Principal.User("acc-asg")])), lookups["FIX-2"]);
        Assert.Equal(lookups["FIX-1"].Access, loaded);
        Assert.Equal(AccessLookup.Granted(DocumentAccess.AnyOf([Principal.Public])), lookups["PUB-1"]);
        Assert.Equal(AccessLookup.Granted(DocumentAccess.AnyOf([Principal.AllUsers])), lookups["APP-1"]);
        // Once for the permission sync's two FIX issues, once for the ingest run's: neither shares what it read.
        Assert.Equal(2, jira.RequestsTo("/rest/api/3/project/FIX/role/10002"));
    }

    [Theory]
    [InlineData("userCustomField")]
    [InlineData("groupCustomField")]
    [InlineData("sd.customer.portal.only")]
    [InlineData("somethingJiraAddsNextYear")]
    public async Task A_browse_holder_of_a_type_that_cannot_be_expressed_quarantines_the_issue_as_access_unknown(string holderType)
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        // Next to "anyone": leaving the holder out would still be wrong, as nothing narrower may stand for it either.
        jira.GrantBrowse("FIX", FakeJiraHolder.Anyone, new FakeJiraHolder(holderType, "customfield_10200", "customfield_10200"));
        var source = TestSources.Jira(jira);

        var loaded = await source.LoadAsync(Reference("FIX-1"), CancellationToken.None);
        var lookups = await source.ReadAccessAsync(["FIX-1", "FIX-2"], CancellationToken.None);

        Assert.Null(loaded.Document);
        Assert.Equal(AccessUnknownException.Reason, loaded.FailureReason);
        Assert.Contains($"'{holderType}'", loaded.FailureMessage);
        Assert.All(lookups.Values, l => Assert.Equal(AccessState.Unknown, l.State));
        Assert.Contains("issue FIX-2", lookups["FIX-2"].Message);
        // The refusal is the project's configuration, read once for both issues; the comments were never fetched.
        Assert.Equal(2, jira.RequestsTo("/rest/api/3/permissionscheme/"));
        Assert.Equal(0, jira.RequestsTo("/rest/api/3/issue/FIX-1/comment"));
    }

    [Fact]
    public async Task A_security_level_member_that_cannot_be_expressed_quarantines_only_the_issues_under_that_level()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        jira.AddSecurityLevel("FIX", "10100", "Customers", FakeJiraHolder.User("acc-alice"), FakeJiraHolder.GroupCustomField("customfield_10300"));
        jira.SetSecurityLevel("FIX-1", "10100");
        var source = TestSources.Jira(jira);

        var loaded = await source.LoadAsync(Reference("FIX-1"), CancellationToken.None);
        var lookups = await source.ReadAccessAsync(["FIX-1", "FIX-2"], CancellationToken.None);

        Assert.Equal(AccessUnknownException.Reason, loaded.FailureReason);
        Assert.Contains("security level 10100", loaded.FailureMessage);
        Assert.Equal(AccessState.Unknown, lookups["FIX-1"].State);
        Assert.Equal(AccessLookup.Granted(DocumentAccess.AnyOf([Principal.Public])), lookups["FIX-2"]);
    }

    [Fact]
    public async Task Configuration_the_service_account_may_not_read_makes_access_unknown_rather_than_failing_the_run()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        jira.FailWhere(r => r.Path.EndsWith("/permissionscheme", StringComparison.Ordinal), new InjectedFault(403, "application/json", """{"errorMessages":["You do not have permission"]}"""));
        var source = TestSources.Jira(jira);

        var loaded = await source.LoadAsync(Reference("FIX-1"), CancellationToken.None);
        var lookups = await source.ReadAccessAsync(["FIX-1", "FIX-2"], CancellationToken.None);

        Assert.Equal(AccessUnknownException.Reason, loaded.FailureReason);
        Assert.Contains("may not read the permission scheme of project FIX (403)", loaded.FailureMessage);
        Assert.All(lookups.Values, l => Assert.Equal(AccessState.Unknown, l.State));
    }

    [Fact]
    public async Task An_issue_answering_403_is_lost_and_finding_it_throws_access_lost()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        jira.ForbidIssue("FIX-1");
        var source = TestSources.Jira(jira);

        var lookups = await source.ReadAccessAsync(["FIX-1", "FIX-2"], CancellationToken.None);
        var error = await Assert.ThrowsAsync<AccessLostException>(() => source.FindAsync("FIX-1", CancellationToken.None));

        Assert.Equal(AccessState.Lost, lookups["FIX-1"].State);
        Assert.Contains("403", lookups["FIX-1"].Message);
        Assert.Equal(AccessState.Granted, lookups["FIX-2"].State);
        Assert.Contains("403", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_issue_answering_404_in_a_project_the_account_can_no_longer_browse_is_lost_not_gone(bool projectAnswersNotFound)
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(3);
        jira.RevokeBrowse("FIX");
        jira.RevokedProjectsAnswerNotFound = projectAnswersNotFound;
        var source = TestSources.Jira(jira);

        var lookups = await source.ReadAccessAsync(["FIX-1", "FIX-2", "FIX-3"], CancellationToken.None);
        var error = await Assert.ThrowsAsync<AccessLostException>(() => source.FindAsync("FIX-2", CancellationToken.None));

        Assert.All(lookups.Values, l => Assert.Equal(AccessState.Lost, l.State));
        Assert.Contains("Browse projects on project FIX", lookups["FIX-1"].Message);
        Assert.Contains("access lost, not deleted", error.Message);
        // One look at the project's permission per call covers all its issues: none is fetched one by one.
        Assert.Equal(2, jira.RequestsTo("/rest/api/3/mypermissions"));
        Assert.Equal(1, jira.RequestsTo("/rest/api/3/issue/bulkfetch"));
        Assert.Equal(1, jira.RequestsTo("/rest/api/3/issue/FIX-"));
    }

    [Fact]
    public async Task A_deleted_or_moved_issue_is_gone_and_finding_it_answers_null()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(3);
        jira.Delete("FIX-2");
        jira.Move("FIX-3", "OPS-7");
        var source = TestSources.Jira(jira);

        var lookups = await source.ReadAccessAsync(["FIX-1", "FIX-2", "FIX-3", "../etc/passwd"], CancellationToken.None);
        var found = await source.FindAsync("FIX-2", CancellationToken.None);

        Assert.Equal(AccessState.Granted, lookups["FIX-1"].State);
        Assert.Equal(AccessLookup.Gone, lookups["FIX-2"]);
        Assert.Equal(AccessLookup.Gone, lookups["FIX-3"]);
        Assert.Equal(AccessLookup.Gone, lookups["../etc/passwd"]);
        Assert.Null(found);
        Assert.DoesNotContain(jira.Requests, r => r.Path.Contains("passwd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reading_the_directory_lists_group_members_page_by_page_and_the_exposed_emails_in_lower_case()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.MemberPageLimit = 2;
        jira.AddUser("acc-alice", "Alice@Example.com");
        jira.AddUser("acc-bob");
        jira.AddUser("acc-carol", "carol@example.com");
        jira.AddUser("acc-dave", "DAVE@example.com");
        jira.AddUser("acc-erin");
        jira.AddGroup("engineering", EngineeringId, "acc-alice", "acc-bob", "acc-carol");
        jira.AddGroup("legacy-name", "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7", "acc-bob");
        var source = TestSources.Jira(jira);

        var directory = await source.ReadDirectoryAsync(
            [Principal.Group(EngineeringId), Principal.Group("legacy-name"), Principal.Group("9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"),
             Principal.User("acc-dave"), Principal.User("acc-alice"), Principal.User("acc-erin"), Principal.User("someone@example.com"), Principal.Public],
            CancellationToken.None);

        Assert.Equal(
            [
                (Principal.Group(EngineeringId), Principal.User("acc-alice")),
                (Principal.Group(EngineeringId), Principal.User("acc-bob")),
                (Principal.Group(EngineeringId), Principal.User("acc-carol")),
                (Principal.Group("legacy-name"), Principal.User("acc-bob")),
            ],
            directory.Memberships);
        Assert.Equal(
            [
                (Principal.User("acc-alice"), "alice@example.com"),
                (Principal.User("acc-carol"), "carol@example.com"),
                (Principal.User("acc-dave"), "dave@example.com"),
            ],
            directory.Emails);
        var members = jira.Requests.Where(r => r.Path == "/rest/api/3/group/member").Select(r => r.Query).ToList();
        // Three members two to a page; a group named only by name asked by name; an unknown group answers 404.
        Assert.Equal(4, members.Count);
        Assert.Equal(2, members.Count(q => q.Contains($"groupId={EngineeringId}", StringComparison.Ordinal)));
        Assert.Single(members, q => q.Contains("groupname=legacy-name", StringComparison.Ordinal));
        // Only the accounts not already listed as members are looked up, in one request.
        Assert.Equal("?accountId=acc-dave&accountId=acc-erin&startAt=0&maxResults=50", jira.Requests.Single(r => r.Path == "/rest/api/3/user/bulk").Query);
    }

    [Fact]
    public async Task Reading_access_of_500_issues_takes_a_bounded_number_of_requests_and_each_call_reads_the_configuration_afresh()
    {
        await using var jira = await FakeJira.StartAsync();
        var issues = jira.SeedFromFixtures(500);
        jira.GrantBrowse("FIX", FakeJiraHolder.Group("engineering", EngineeringId), FakeJiraHolder.ProjectRole("10001"),
            FakeJiraHolder.Reporter, FakeJiraHolder.ProjectLead);
        jira.AddRoleActors("FIX", "10001", FakeJiraRoleActor.User("acc-dev"));
        jira.SetProjectLead("FIX", "acc-lead");
        jira.AddSecurityLevel("FIX", "10100", "Internal", FakeJiraHolder.ProjectRole("10001"), FakeJiraHolder.User("acc-alice"));
        jira.AddSecurityLevel("FIX", "10101", "Board", FakeJiraHolder.User("acc-ceo"), FakeJiraHolder.Assignee);
        foreach (var issue in issues)
        {
            var n = int.Parse(issue.Key[4..], System.Globalization.CultureInfo.InvariantCulture);
            issue.ReporterAccountId = $"acc-{n % 17}";
            issue.AssigneeAccountId = n % 3 == 0 ? $"acc-{n % 5}" : null;
            if (n % 10 == 0)
            {
                jira.SetSecurityLevel(issue.Key, "10100");
            }
            else if (n % 7 == 0)
            {
                jira.SetSecurityLevel(issue.Key, "10101");
            }
        }
        var keys = issues.Select(i => i.Key).ToList();
        var source = TestSources.Jira(jira);

        var first = await source.ReadAccessAsync(keys, CancellationToken.None);
        var firstRequests = jira.RequestsPerPath();
        jira.ClearRequests();
        jira.AddRoleActors("FIX", "10001", FakeJiraRoleActor.User("acc-new"));
        var second = await source.ReadAccessAsync(keys, CancellationToken.None);

        foreach (var (path, count) in firstRequests.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{count,4}  {path}");
        }
        output.WriteLine($"{firstRequests.Values.Sum(),4}  requests for {keys.Count} issues");
        Assert.Equal(500, first.Count);
        Assert.All(first.Values, l => Assert.Equal(AccessState.Granted, l.State));
        Assert.Equal(5, firstRequests["/rest/api/3/issue/bulkfetch"]);
        // Scheme, grants, role, lead, security scheme, one member list per level: shared by all 500 issues.
        Assert.Equal(12, firstRequests.Values.Sum());
        Assert.DoesNotContain(firstRequests.Keys, p => p.StartsWith("/rest/api/3/issue/FIX-", StringComparison.Ordinal));
        Assert.Equal(12, jira.Requests.Count);

        var boardIssue = first["FIX-7"].Access!;
        Assert.Equal(
            DocumentAccess.AnyOf([Principal.Group(EngineeringId), Principal.User("acc-dev"), Principal.User("acc-7"), Principal.User("acc-lead")])
                .And([Principal.User("acc-ceo")]),
            boardIssue);
        // A second call sees the role's new actor: nothing is remembered across calls.
        Assert.DoesNotContain(Principal.User("acc-new"), first["FIX-1"].Access!.Principals);
        Assert.Contains(Principal.User("acc-new"), second["FIX-1"].Access!.Principals);
        Assert.Contains(Principal.User("acc-new"), second["FIX-10"].Access!.Clauses[1]);
    }

    [Fact]
    public async Task On_data_center_access_is_read_through_a_key_search_in_rest_v2()
    {
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(2);
        var source = TestSources.Jira(jira, o => o with { Deployment = AtlassianDeployment.DataCenter });

        var lookups = await source.ReadAccessAsync(["FIX-1", "FIX-2", "FIX-9"], CancellationToken.None);

        Assert.Equal(AccessLookup.Granted(DocumentAccess.AnyOf([Principal.Public])), lookups["FIX-1"]);
        Assert.Equal(AccessState.Granted, lookups["FIX-2"].State);
        Assert.Equal(AccessLookup.Gone, lookups["FIX-9"]);
        Assert.All(jira.Requests, r => Assert.StartsWith("/rest/api/2/", r.Path));
        var search = JsonDocument.Parse(jira.Requests.Single(r => r.Path == "/rest/api/2/search").Body).RootElement;
        Assert.Equal("key in (\"FIX-1\", \"FIX-2\", \"FIX-9\")", search.GetProperty("jql").GetString());
        Assert.Equal("warn", search.GetProperty("validateQuery").GetString());
    }
}
