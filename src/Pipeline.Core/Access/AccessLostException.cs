namespace Pipeline.Core.Access;

/// <summary>
/// The source still has the item but the service account may no longer read it (403, or the account lost the
/// project's or space's read permission). Told apart from a deletion (404): the item is hidden, not deleted, and
/// restored if access returns within the grace period.
/// </summary>
public sealed class AccessLostException(string message, Exception? inner = null) : Exception(message, inner);
