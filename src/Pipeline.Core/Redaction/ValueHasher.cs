using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Core.Redaction;

/// <summary>
/// HMAC-SHA-256 of a found value under the installation's secret key, truncated to 128 bits: enough to count how often
/// the same credential recurs, useless for guessing it (an unkeyed hash of an e-mail address or a card number can be
/// reversed by trying every likely value).
/// </summary>
public sealed class ValueHasher
{
    private readonly byte[] _key;

    public ValueHasher(byte[] key)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("the redaction key must be at least 16 bytes", nameof(key));
        }
        _key = key.ToArray();
    }

    public string Hash(string value)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value.Trim()), mac);
        return Convert.ToHexStringLower(mac[..16]);
    }
}
