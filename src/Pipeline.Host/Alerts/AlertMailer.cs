using System.Security.Cryptography;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Pipeline.Host.Alerts;

/// <summary>Sends one message through the configured SMTP server with MailKit. Throws when it cannot; the evaluator logs and retries later.</summary>
public sealed class AlertMailer(SmtpOptions options)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        if (options.CertificateSha256 is { } pin)
        {
            // A pinned certificate is trusted whatever its chain says; any other certificate must validate normally.
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None
                || (certificate is not null && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), pin, StringComparison.OrdinalIgnoreCase));
        }
        var security = options.Tls switch
        {
            SmtpTlsMode.Tls => SecureSocketOptions.SslOnConnect,
            SmtpTlsMode.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        var host = options.Host ?? throw new InvalidOperationException("alert e-mails are off: PIPELINE_SMTP_HOST is not set");
        await client.ConnectAsync(host, options.Port, security, cancellationToken);
        if (options.User is { } user)
        {
            await client.AuthenticateAsync(user, options.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
