using System.Text;
using Pipeline.Core.Redaction;
using Pipeline.Storage.Redaction;

namespace Pipeline.Host.Redaction;

/// <summary>
/// The key found values are hashed under. <c>PIPELINE_REDACTION_KEY</c> (at least 32 characters) keeps it out of the
/// database and its backups, which makes the stored hashes useless to whoever holds only a dump; without it, the index
/// makes its own key once and stores it (<see cref="RedactionKeyStore"/>), so every process writing it agrees.
/// </summary>
public sealed class RedactionKey(RedactionKeyStore store)
{
    public const string KeySetting = "PIPELINE_REDACTION_KEY";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ValueHasher? _hasher;

    // Read from the environment only, never from settings objects that may be printed or logged.
    private static string? Configured => Environment.GetEnvironmentVariable(KeySetting) is { Length: > 0 } key ? key : null;

    /// <summary>Reads the setting now, so a too-short key stops start-up rather than the first run.</summary>
    public static void Validate()
    {
        if (Configured is { } key && key.Length < 32)
        {
            throw new ArgumentException($"{KeySetting} must be at least 32 characters (it is {key.Length}); make one with: openssl rand -base64 32");
        }
    }

    public async Task<ValueHasher> HasherAsync(CancellationToken cancellationToken)
    {
        if (_hasher is { } ready)
        {
            return ready;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _hasher ??= new ValueHasher(Configured is { } configured
                ? Encoding.UTF8.GetBytes(configured)
                : await store.GetOrCreateAsync(cancellationToken));
        }
        finally
        {
            _gate.Release();
        }
    }
}
