namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>A permission scheme: which holders each project permission is granted to.</summary>
public sealed class FakeJiraPermissionScheme
{
    public const string BrowseProjects = "BROWSE_PROJECTS";

    public required long Id { get; init; }

    public required string Name { get; init; }

    public List<(string Permission, FakeJiraHolder Holder)> Grants { get; } = [];

    /// <summary>
    /// What every project uses unless a test gives it its own: Browse for <c>anyone</c> (so issues read as public),
    /// and grants of other permissions to holders of every kind, an unknown one included, that access must ignore.
    /// </summary>
    public static FakeJiraPermissionScheme Default()
    {
        var scheme = new FakeJiraPermissionScheme { Id = 0, Name = "Default Permission Scheme" };
        scheme.Grants.Add((BrowseProjects, FakeJiraHolder.Anyone));
        scheme.Grants.AddRange(OtherGrants());
        return scheme;
    }

    /// <summary>Grants of permissions other than Browse: they must never change who may read an issue.</summary>
    public static IEnumerable<(string, FakeJiraHolder)> OtherGrants() =>
    [
        ("CREATE_ISSUES", FakeJiraHolder.ApplicationRole()),
        ("EDIT_ISSUES", FakeJiraHolder.UserCustomField("customfield_10100")),
        ("ADMINISTER_PROJECTS", FakeJiraHolder.Group("jira-administrators", "9b7a2a1e-0000-4000-8000-00000000ad31")),
        ("ASSIGNABLE_USER", FakeJiraHolder.ProjectRole("10002")),
        ("ADD_COMMENTS", FakeJiraHolder.PortalCustomers),
    ];
}
