namespace Pipeline.Core.Access;

/// <summary>What a permission sync learned about one document.</summary>
public enum AccessState
{
    /// <summary>Read: <see cref="AccessLookup.Access"/> says who may read it.</summary>
    Granted,

    /// <summary>The source grants access in a way this service cannot express (an unknown holder type): quarantined as <c>access-unknown</c>, never public.</summary>
    Unknown,

    /// <summary>The service account can no longer read it (403, or it lost the project's or space's permission): hidden, kept for the grace period.</summary>
    Lost,

    /// <summary>The source no longer has it (404): left to the content sync, which deletes it.</summary>
    Gone,
}

/// <param name="Message">Why, for <see cref="AccessState.Unknown"/> and <see cref="AccessState.Lost"/>; never holds personal data beyond ids.</param>
public sealed record AccessLookup(AccessState State, DocumentAccess? Access = null, string? Message = null)
{
    public static AccessLookup Granted(DocumentAccess access) => new(AccessState.Granted, access);

    public static AccessLookup Unknown(string message) => new(AccessState.Unknown, null, message);

    public static AccessLookup Lost(string message) => new(AccessState.Lost, null, message);

    public static AccessLookup Gone { get; } = new(AccessState.Gone);
}
