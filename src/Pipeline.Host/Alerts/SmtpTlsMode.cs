namespace Pipeline.Host.Alerts;

/// <summary><c>PIPELINE_SMTP_TLS</c>: how the connection to the SMTP server is protected.</summary>
public enum SmtpTlsMode
{
    /// <summary><c>none</c>: plain text (a relay on localhost only).</summary>
    None,

    /// <summary><c>starttls</c>: plain connect, then upgrade; refused if the server does not offer STARTTLS. Usually port 587.</summary>
    StartTls,

    /// <summary><c>tls</c>: TLS from the first byte ("SMTPS"). Usually port 465.</summary>
    Tls,
}
