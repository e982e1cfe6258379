namespace Pipeline.Core.Access;

/// <summary>
/// Group memberships and account e-mail addresses as a source's site has them, so an identity given as an e-mail
/// address (<c>--as alice@example.com</c>, an application's end user) resolves to the principals access is written in.
/// </summary>
/// <param name="Memberships">Each (group principal, user principal) pair: <c>group:ID</c> has member <c>user:ACCOUNT</c>.</param>
/// <param name="Emails">Each (user principal, e-mail address) pair the site exposes; accounts that hide theirs are absent.</param>
public sealed record PrincipalDirectory(
    IReadOnlyList<(string Group, string Member)> Memberships,
    IReadOnlyList<(string User, string Email)> Emails)
{
    public static PrincipalDirectory Empty { get; } = new([], []);
}
