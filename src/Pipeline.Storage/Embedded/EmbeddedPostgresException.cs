namespace Pipeline.Storage.Embedded;

/// <summary>The embedded cluster could not be created, started, stopped or provisioned; the message says why and where to look.</summary>
public sealed class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException(string message) : base(message)
    {
    }

    public EmbeddedPostgresException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
