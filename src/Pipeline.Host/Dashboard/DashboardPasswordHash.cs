using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Host.Dashboard;

/// <summary>
/// A dashboard password as stored in configuration: <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (salt and hash in
/// base64). The iteration count travels with the hash, so it can be raised later without breaking old entries.
/// </summary>
public sealed class DashboardPasswordHash
{
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Below this a stolen hash is cheap to brute-force; tests use it as their floor too.</summary>
    public const int MinimumIterations = 10_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private DashboardPasswordHash(int iterations, byte[] salt, byte[] hash)
    {
        Iterations = iterations;
        _salt = salt;
        _hash = hash;
    }

    public int Iterations { get; }

    public static DashboardPasswordHash Create(string password, int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new DashboardPasswordHash(iterations, salt, Derive(password, salt, iterations));
    }

    /// <exception cref="FormatException">The text is not a hash this class wrote.</exception>
    public static DashboardPasswordHash Parse(string text)
    {
        var parts = text.Trim().Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            throw new FormatException($"a password hash looks like {Scheme}$ITERATIONS$SALT$HASH (print one with ./pipeline hash-password)");
        }
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < MinimumIterations)
        {
            throw new FormatException($"the iteration count must be a whole number of at least {MinimumIterations}, got '{parts[1]}'");
        }
        var salt = FromBase64(parts[2]);
        var hash = FromBase64(parts[3]);
        if (salt is null || hash is null || salt.Length < SaltBytes || hash.Length != HashBytes)
        {
            throw new FormatException($"the salt must be base64 of at least {SaltBytes} bytes and the hash base64 of {HashBytes} bytes");
        }
        return new DashboardPasswordHash(iterations, salt, hash);
    }

    /// <summary>Constant-time in the content of the password: the comparison does not stop at the first different byte.</summary>
    public bool Verify(string password) =>
        CryptographicOperations.FixedTimeEquals(Derive(password, _salt, Iterations), _hash);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(_salt)}${Convert.ToBase64String(_hash)}");

    private static byte[]? FromBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
