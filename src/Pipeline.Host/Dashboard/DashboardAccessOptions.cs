using Microsoft.Extensions.Configuration;

namespace Pipeline.Host.Dashboard;

/// <summary>
/// Who may use the dashboard. Read from configuration (environment variables, or <c>--KEY=value</c> arguments)
/// and validated at start-up: a typo in a hash must stop the service, not lock everyone out at 3 a.m.
/// </summary>
public sealed record DashboardAccessOptions
{
    /// <summary><c>name:role:hash;name:role:hash</c>, role <c>operator</c> or <c>read-only</c>.</summary>
    public const string UsersKey = "PIPELINE_DASHBOARD_USERS";

    /// <summary><c>true</c> (default): requests from this machine need no password and act as operator.</summary>
    public const string TrustLocalKey = "PIPELINE_DASHBOARD_TRUST_LOCAL";

    /// <summary>Failed sign-ins per client address and minute before it gets 429 for the rest of the minute.</summary>
    public const string MaxFailedSignInsKey = "PIPELINE_DASHBOARD_MAX_FAILED_SIGNINS";

    /// <summary>Password verifications (PBKDF2, CPU-bound) running at once.</summary>
    public const string MaxConcurrentSignInsKey = "PIPELINE_DASHBOARD_MAX_CONCURRENT_SIGNINS";

    public IReadOnlyList<DashboardUser> Users { get; init; } = [];

    public bool TrustLocal { get; init; } = true;

    public int MaxFailedSignInsPerMinute { get; init; } = 10;

    /// <summary>Half the cores by default: sign-in storms must leave the rest to ingestion.</summary>
    public int MaxConcurrentSignIns { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>The cost an unknown user's check must have: the highest any configured user's hash has.</summary>
    public int DecoyIterations => Users.Count == 0 ? DashboardPasswordHash.MinimumIterations : Users.Max(u => u.Password.Iterations);

    public DashboardUser? Find(string name) => Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.Ordinal));

    /// <exception cref="ArgumentException">A setting is malformed; the message names the variable and the entry.</exception>
    public static DashboardAccessOptions From(IConfiguration configuration)
    {
        var trustLocal = configuration[TrustLocalKey] is { Length: > 0 } raw
            ? raw.Trim().ToLowerInvariant() switch
            {
                "true" or "1" or "yes" => true,
                "false" or "0" or "no" => false,
                _ => throw new ArgumentException($"{TrustLocalKey} must be true or false, got '{raw}'"),
            }
            : true;
        var defaults = new DashboardAccessOptions();
        var options = new DashboardAccessOptions
        {
            Users = ParseUsers(configuration[UsersKey] ?? ""),
            TrustLocal = trustLocal,
            MaxFailedSignInsPerMinute = Integer(configuration, MaxFailedSignInsKey, defaults.MaxFailedSignInsPerMinute, 1, 10_000),
            MaxConcurrentSignIns = Integer(configuration, MaxConcurrentSignInsKey, defaults.MaxConcurrentSignIns, 1, 256),
        };
        if (!options.TrustLocal && options.Users.Count == 0)
        {
            throw new ArgumentException($"{TrustLocalKey}=false needs at least one user in {UsersKey}, or nobody can open the dashboard");
        }
        return options;
    }

    private static int Integer(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        if (configuration[key] is not { Length: > 0 } raw)
        {
            return fallback;
        }
        return int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{key} must be a whole number from {min} to {max}, got '{raw}'");
    }

    public static IReadOnlyList<DashboardUser> ParseUsers(string text)
    {
        var users = new List<DashboardUser>();
        var entries = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var parts = entries[i].Split(':');
            var label = $"{UsersKey}, entry {i + 1}";
            if (parts.Length != 3)
            {
                throw new ArgumentException($"{label}: expected name:role:hash, got {parts.Length} field(s)");
            }
            var (name, roleText, hashText) = (parts[0].Trim(), parts[1].Trim(), parts[2].Trim());
            if (name.Length == 0)
            {
                throw new ArgumentException($"{label}: the user name is empty");
            }
            var role = DashboardRoleNames.Parse(roleText)
                ?? throw new ArgumentException($"{label} ('{name}'): role must be {DashboardRoleNames.Operator} or {DashboardRoleNames.ReadOnly}, got '{roleText}'");
            DashboardPasswordHash hash;
            try
            {
                hash = DashboardPasswordHash.Parse(hashText);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"{label} ('{name}'): {e.Message}");
            }
            if (users.Any(u => u.Name == name))
            {
                throw new ArgumentException($"{label}: user '{name}' is listed twice");
            }
            users.Add(new DashboardUser(name, role, hash));
        }
        return users;
    }
}
