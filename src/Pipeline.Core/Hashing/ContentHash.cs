using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Core.Hashing;

/// <summary>SHA-256 (lower-case hex) over text parts, each length-prefixed so that ("ab","c") and ("a","bc") differ.</summary>
public static class ContentHash
{
    public static string Of(string text) => Of([text]);

    public static string Of(string first, IEnumerable<string> rest) => Of(rest.Prepend(first));

    public static string Of(IEnumerable<string> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var part in parts)
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string OfBytes(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static async Task<string> OfStreamAsync(Stream stream, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
}
