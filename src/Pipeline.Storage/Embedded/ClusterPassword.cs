using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace Pipeline.Storage.Embedded;

/// <summary>
/// The superuser password, generated at initdb and kept 0600 by the invoking user. TCP logins need it
/// (scram-sha-256), so other local users and containers sharing the loopback cannot walk in the way trust would let them.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class ClusterPassword
{
    public static string Create(string path)
    {
        var password = RandomNumberGenerator.GetHexString(40, lowercase: true);
        PrivateFile.Write(path, password + "\n");
        return password;
    }

    public static string Read(string path, string dataDirectory)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (FileNotFoundException ex)
        {
            throw new EmbeddedPostgresException(
                $"{path} is missing, so the cluster in {dataDirectory} cannot be logged into. Restore it, or delete {dataDirectory} to start over (its data is lost).", ex);
        }
    }
}
