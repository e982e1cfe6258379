using System.Net.Mail;

namespace Pipeline.Host.Alerts;

/// <summary>
/// The SMTP server alert e-mails go through, and who gets them. No <c>PIPELINE_SMTP_HOST</c> means alerts are off.
/// </summary>
public sealed record SmtpOptions
{
    /// <summary><c>PIPELINE_SMTP_HOST</c>; null turns alert e-mails off.</summary>
    public string? Host { get; init; }

    /// <summary><c>PIPELINE_SMTP_PORT</c>; default 465 for <c>tls</c>, 587 for <c>starttls</c>, 25 for <c>none</c>.</summary>
    public int Port { get; init; } = 587;

    /// <summary><c>PIPELINE_SMTP_TLS</c>: <c>none</c>, <c>starttls</c> (default) or <c>tls</c>.</summary>
    public SmtpTlsMode Tls { get; init; } = SmtpTlsMode.StartTls;

    /// <summary><c>PIPELINE_SMTP_USER</c>; null sends without AUTH.</summary>
    public string? User { get; init; }

    /// <summary><c>PIPELINE_SMTP_PASSWORD</c>. Never logged: <see cref="ToString"/> leaves it out.</summary>
    public string? Password { get; init; }

    /// <summary><c>PIPELINE_ALERT_FROM</c>.</summary>
    public string From { get; init; } = "";

    /// <summary><c>PIPELINE_ALERT_TO</c>: addresses separated by commas or semicolons.</summary>
    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>
    /// <c>PIPELINE_SMTP_CERT_SHA256</c>: the hex SHA-256 of a server certificate to trust even though no CA signed it
    /// (an internal relay with a self-signed certificate). Unset: the certificate must validate normally.
    /// </summary>
    public string? CertificateSha256 { get; init; }

    public bool Enabled => Host is not null;

    public static SmtpOptions FromSettings(SettingReader settings)
    {
        var tls = settings.Text("PIPELINE_SMTP_TLS")?.ToLowerInvariant() switch
        {
            null or "starttls" => SmtpTlsMode.StartTls,
            "tls" => SmtpTlsMode.Tls,
            "none" => SmtpTlsMode.None,
            var other => throw new ArgumentException($"PIPELINE_SMTP_TLS must be none, starttls or tls, got '{other}'"),
        };
        var options = new SmtpOptions
        {
            Host = settings.Text("PIPELINE_SMTP_HOST"),
            Tls = tls,
            Port = settings.Int("PIPELINE_SMTP_PORT", tls switch { SmtpTlsMode.Tls => 465, SmtpTlsMode.None => 25, _ => 587 }),
            User = settings.Text("PIPELINE_SMTP_USER"),
            Password = settings.Text("PIPELINE_SMTP_PASSWORD"),
            From = settings.Text("PIPELINE_ALERT_FROM") ?? "",
            To = (settings.Text("PIPELINE_ALERT_TO") ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            CertificateSha256 = settings.Text("PIPELINE_SMTP_CERT_SHA256")?.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant(),
        };
        options.Validate();
        return options;
    }

    public SmtpOptions Validate()
    {
        if (!Enabled)
        {
            return this;
        }
        if (Port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "PIPELINE_SMTP_PORT must be between 1 and 65535");
        }
        if (!IsAddress(From))
        {
            throw new ArgumentException($"PIPELINE_ALERT_FROM must be an e-mail address when PIPELINE_SMTP_HOST is set, got '{From}'");
        }
        if (To.Count == 0)
        {
            throw new ArgumentException("PIPELINE_ALERT_TO must list at least one address when PIPELINE_SMTP_HOST is set");
        }
        if (To.FirstOrDefault(a => !IsAddress(a)) is { } bad)
        {
            throw new ArgumentException($"PIPELINE_ALERT_TO: '{bad}' is not an e-mail address");
        }
        if ((User is null) != (Password is null))
        {
            throw new ArgumentException("PIPELINE_SMTP_USER and PIPELINE_SMTP_PASSWORD go together: set both or neither");
        }
        if (User is not null && Tls == SmtpTlsMode.None)
        {
            // MailKit would send the password in clear text; refuse rather than leak it.
            throw new ArgumentException("PIPELINE_SMTP_USER needs PIPELINE_SMTP_TLS=starttls or tls: the password would cross the network in clear text");
        }
        if (CertificateSha256 is { } pin && (pin.Length != 64 || !pin.All(Uri.IsHexDigit)))
        {
            throw new ArgumentException("PIPELINE_SMTP_CERT_SHA256 must be 64 hex digits (the certificate's SHA-256 fingerprint)");
        }
        return this;
    }

    /// <summary>Everything but the password, for start-up logs.</summary>
    public override string ToString() =>
        $"{Host}:{Port} tls={Tls.ToString().ToLowerInvariant()} user={User ?? "(none)"} from={From} to={string.Join(",", To)}";

    private static bool IsAddress(string value) => MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;
}
