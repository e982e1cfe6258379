using System.CommandLine;
using Pipeline.Host.Search;
using Pipeline.Storage.Access;

namespace Pipeline.Host.Cli;

/// <summary>
/// <c>--as</c>, <c>--principals</c> and <c>--admin</c>: whose search a CLI command runs. Without any, the search is
/// anonymous and sees only <c>public</c> and <c>everyone</c> documents, as an API call without an end user does.
/// </summary>
public sealed class CallerOptions
{
    public Option<string?> As { get; } = new("--as") { Description = "Search as this user (an e-mail address), resolved to accounts and groups through the synced memberships" };

    public Option<string[]> Principals { get; } = new("--principals") { Description = "Search holding exactly these principals (comma- or space-separated: group:ID, user:ID, all-users)", AllowMultipleArgumentsPerToken = true };

    public Option<bool> Admin { get; } = new("--admin") { Description = "Search every document that is not hidden (an operator's view)" };

    public void AddTo(Command command)
    {
        command.Options.Add(As);
        command.Options.Add(Principals);
        command.Options.Add(Admin);
    }

    public async Task<SearchCaller> ResolveAsync(ParseResult parse, CallerResolver resolver, CancellationToken cancellationToken)
    {
        var user = parse.GetValue(As);
        var principals = parse.GetValue(Principals) ?? [];
        if (parse.GetValue(Admin))
        {
            if (user is not null || principals.Length > 0)
            {
                throw new ArgumentException("--admin sees every document; it does not combine with --as or --principals");
            }
            return SearchCaller.Administrator;
        }
        return await resolver.ResolveAsync(user, principals, cancellationToken);
    }
}
