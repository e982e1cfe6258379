namespace Pipeline.Core.Access;

/// <summary>
/// The source grants access through a holder this service cannot express (an unknown permission holder type). The
/// document is quarantined as <c>access-unknown</c>; it is never treated as public.
/// </summary>
public sealed class AccessUnknownException(string message) : Exception(message)
{
    public const string Reason = "access-unknown";
}
