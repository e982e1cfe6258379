namespace Pipeline.Host.Dashboard;

/// <summary>
/// Caps how many PBKDF2 verifications run at once, so a burst of sign-ins (from many addresses, which the
/// per-client throttle does not stop) cannot take every core from ingestion.
/// </summary>
public sealed class SignInSlots(int max)
{
    /// <summary>How long a sign-in waits for a slot before the client is told to come back (503).</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _slots = new(max, max);

    /// <returns>False when no slot freed up in time; the caller must not <see cref="Leave"/> then.</returns>
    public Task<bool> EnterAsync(TimeSpan wait, CancellationToken cancellationToken) => _slots.WaitAsync(wait, cancellationToken);

    public void Leave() => _slots.Release();
}
