using Npgsql;
using Pipeline.Core.Access;

namespace Pipeline.Storage.Access;

/// <summary>
/// Group memberships and accounts per source, as the permission sync last read them, and the resolution of a caller's
/// identity to the principals its searches hold.
/// </summary>
public sealed class PrincipalStore(NpgsqlDataSource dataSource)
{
    /// <summary>Replaces what is known of one source's groups and accounts, in one transaction.</summary>
    public async Task ReplaceAsync(string source, PrincipalDirectory directory, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var clear = new NpgsqlCommand(
            "DELETE FROM pipeline.principal_members WHERE source = @source; DELETE FROM pipeline.principal_accounts WHERE source = @source;", connection, transaction))
        {
            clear.Parameters.AddWithValue("source", source);
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        var members = directory.Memberships.Distinct().ToList();
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO pipeline.principal_members (source, group_principal, member)
            SELECT @source, g, m FROM unnest(@groups, @members) AS t(g, m) ON CONFLICT DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("source", source);
            insert.Parameters.AddWithValue("groups", members.Select(m => m.Group).ToArray());
            insert.Parameters.AddWithValue("members", members.Select(m => m.Member).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        var accounts = directory.Emails.DistinctBy(e => e.User, StringComparer.Ordinal).ToList();
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO pipeline.principal_accounts (source, principal, email_hash)
            SELECT @source, p, h FROM unnest(@principals, @hashes) AS t(p, h) ON CONFLICT DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("source", source);
            insert.Parameters.AddWithValue("principals", accounts.Select(a => a.User).ToArray());
            insert.Parameters.AddWithValue("hashes", accounts.Select(a => EmailHash.Of(a.Email)).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The caller a user named by e-mail address is: <c>user:ADDRESS</c> (how PDF folders name people), every account of
    /// any source with that address, the groups those belong to, and <c>all-users</c> when the address is a known
    /// account of a site. An unknown address is still a caller, holding only the public principals and its address.
    /// </summary>
    public async Task<SearchCaller> ResolveAsync(string email, CancellationToken cancellationToken)
    {
        var address = Principal.User(email);
        await using var command = dataSource.CreateCommand(
            """
            WITH accounts AS (
                SELECT principal FROM pipeline.principal_accounts WHERE email_hash = @hash
                UNION SELECT @address)
            SELECT principal FROM accounts
            UNION SELECT m.group_principal FROM pipeline.principal_members m WHERE m.member IN (SELECT principal FROM accounts)
            UNION SELECT 'all-users' WHERE EXISTS (SELECT 1 FROM pipeline.principal_accounts WHERE email_hash = @hash)
            """);
        command.Parameters.AddWithValue("hash", EmailHash.Of(email));
        command.Parameters.AddWithValue("address", address);
        var principals = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            principals.Add(reader.GetString(0));
        }
        return SearchCaller.WithPrincipals(principals, email.Trim().ToLowerInvariant());
    }
}
