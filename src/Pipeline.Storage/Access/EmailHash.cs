using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Storage.Access;

/// <summary>
/// What is kept of an account's e-mail address: enough to find the account a caller names by address, not the
/// address itself. Lower-cased and trimmed first, as addresses are compared case-insensitively.
/// </summary>
public static class EmailHash
{
    public static string Of(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("pipeline-principal-email:" + email.Trim().ToLowerInvariant())));
}
