using Microsoft.Extensions.Configuration;
using Pipeline.Host.Dashboard;

namespace Pipeline.Host.Search;

/// <summary>A client of the search API: a name for logs and the hash of its key (never the key).</summary>
public sealed record ApiKey(string Name, DashboardPasswordHash Hash);

/// <summary>
/// Who may call <c>/api/…</c> from another machine: <c>PIPELINE_API_KEYS</c>, <c>name:hash[,name:hash…]</c>, each hash
/// printed by <c>./pipeline hash-password</c> from the key (as for dashboard passwords). Validated at start-up, so a
/// pasted-wrong hash stops the service instead of turning every client away.
/// </summary>
public sealed record ApiKeyOptions
{
    public const string KeysKey = "PIPELINE_API_KEYS";

    /// <summary>Names of keys (from <see cref="KeysKey"/>) whose searches see every document that is not hidden.</summary>
    public const string AdminKeysKey = "PIPELINE_API_ADMIN_KEYS";

    public IReadOnlyList<ApiKey> Keys { get; init; } = [];

    /// <summary>Key names configured as admin keys; every other key searches as the end user its application names.</summary>
    public IReadOnlySet<string> AdminKeys { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">The setting is malformed; the message names the variable and the entry, never a hash.</exception>
    public static ApiKeyOptions From(IConfiguration configuration)
    {
        var keys = Parse(configuration[KeysKey] ?? "");
        var admins = (configuration[AdminKeysKey] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        if (admins.FirstOrDefault(a => keys.All(k => k.Name != a)) is { } unknown)
        {
            throw new ArgumentException($"{AdminKeysKey}: '{unknown}' is not the name of a key in {KeysKey}");
        }
        return new ApiKeyOptions { Keys = keys, AdminKeys = admins };
    }

    public static IReadOnlyList<ApiKey> Parse(string text)
    {
        var keys = new List<ApiKey>();
        var entries = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var label = $"{KeysKey}, entry {i + 1}";
            var colon = entries[i].IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new ArgumentException($"{label}: expected name:hash (print the hash with ./pipeline hash-password)");
            }
            var (name, hashText) = (entries[i][..colon].Trim(), entries[i][(colon + 1)..].Trim());
            if (name.Length == 0)
            {
                throw new ArgumentException($"{label}: the key name is empty");
            }
            DashboardPasswordHash hash;
            try
            {
                hash = DashboardPasswordHash.Parse(hashText);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"{label} ('{name}'): {e.Message}");
            }
            if (keys.Any(k => k.Name == name))
            {
                throw new ArgumentException($"{label}: key name '{name}' is listed twice");
            }
            keys.Add(new ApiKey(name, hash));
        }
        return keys;
    }
}
